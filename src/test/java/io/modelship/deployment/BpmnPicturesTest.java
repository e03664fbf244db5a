package io.modelship.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's pictures of the processes ({@code docs/images/}) show the BPMN files as they are:
 * rendered again here with bpmn-js in headless Chromium, they must come out the same.
 */
class BpmnPicturesTest {

  static final Path RENDERER = Path.of("tools/bpmn-render/render.mjs");

  @TempDir Path rendered;

  @Test
  void shouldShowEveryProcessAsItsBpmnFileIsNow() throws Exception {
    // given
    assertThat(RENDERER.resolveSibling("node_modules"))
        .as("Expected bpmn-js and playwright-core installed (run bin/setup)")
        .isDirectory();
    List<Path> bpmnFiles;
    try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
      bpmnFiles = files.filter(p -> p.toString().endsWith(".bpmn")).sorted().toList();
    }
    assertThat(bpmnFiles).isNotEmpty();
    List<String> command =
        new ArrayList<>(List.of("node", RENDERER.toString(), rendered.toString()));
    bpmnFiles.forEach(p -> command.add(p.toString()));

    // when
    LocalProcess.Result result =
        LocalProcess.run(Path.of("."), command, Map.of(), Duration.ofMinutes(2));

    // then
    assertThat(result.exitCode()).as(result.output()).isZero();
    for (Path bpmn : bpmnFiles) {
      String name = bpmn.getFileName().toString().replace(".bpmn", "");
      Path svg = Path.of("docs/images", name + ".svg");
      assertThat(svg).as("Expected a picture of %s: run bin/render-bpmn", bpmn).exists();
      assertThat(Files.readString(svg))
          .as(
              "Expected %s to show %s as it is now, but it is stale: run bin/render-bpmn",
              svg, bpmn)
          .isEqualTo(Files.readString(rendered.resolve(name + ".svg")));
      var png = ImageIO.read(Path.of("docs/images", name + ".png").toFile());
      var fresh = ImageIO.read(rendered.resolve(name + ".png").toFile());
      assertThat(png.getWidth()).isEqualTo(fresh.getWidth());
      assertThat(png.getHeight()).isEqualTo(fresh.getHeight());
    }
  }
}
