package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Camunda's Node SDK ({@code @camunda8/sdk}, REST, pinned by {@code
 * tools/node-sdk-test/package-lock.json}) against the packaged jar: deploy, create, polling workers
 * that complete, fail and throw BPMN errors, and searches ({@code tools/node-sdk-test/sdk-test.mjs}
 * checks each and exits non-zero on any failure).
 */
class NodeSdkIT {

  private static final Path TOOL = Path.of("tools", "node-sdk-test");

  @TempDir Path data;

  @Test
  void shouldServeTheNodeSdk() throws Exception {
    // given
    assertThat(TOOL.resolve("node_modules/@camunda8/sdk"))
        .as("the Node SDK installed by bin/setup (npm ci in tools/node-sdk-test)")
        .exists();
    Path output = Path.of("target", "node-sdk-it.log");
    try (EngineProcess engine =
        EngineProcess.start(data, Path.of("target", "node-sdk-engine.log"))) {
      // when
      ProcessBuilder command =
          new ProcessBuilder(
                  "node",
                  "sdk-test.mjs",
                  Path.of("src/test/resources/bpmn/node-sdk.bpmn").toAbsolutePath().toString())
              .directory(TOOL.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      command.environment().put("ZEEBE_REST_ADDRESS", engine.address());
      Process node = command.start();
      boolean ended = node.waitFor(3, TimeUnit.MINUTES);
      if (!ended) {
        node.destroyForcibly().waitFor();
      }
      String printed = Files.readString(output, StandardCharsets.UTF_8);

      // then
      assertThat(ended)
          .as("the Node SDK test to end within 3 minutes; it printed:%n%s", printed)
          .isTrue();
      assertThat(node.exitValue())
          .as("the Node SDK test's exit code; it printed:%n%s", printed)
          .isZero();
      assertThat(printed)
          .contains("ok - deploy answers with the process")
          .contains("ok - the declined order took the error boundary")
          .contains("ok - the failed charge was retried")
          .doesNotContain("not ok");
    }
  }
}
