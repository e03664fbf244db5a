package io.modelship.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** The sample app {@code samples/model-api}, copied into a workspace, and its pipeline file. */
record SampleApp(Path root, Map<String, Object> pipeline) {

  static final Path SOURCE = Path.of("samples/model-api");

  /** Copies the sample's files (not its caches or reports) into an empty workspace. */
  static SampleApp copyTo(Path workspace) throws IOException {
    assertThat(SOURCE.resolve(".modelship.yaml"))
        .as("Expected the sample app under %s (tests run from the repository root)", SOURCE)
        .exists();
    try (Stream<Path> files = Files.walk(SOURCE)) {
      files
          .filter(
              p ->
                  !p.toString().contains("__pycache__") && !p.startsWith(SOURCE.resolve("reports")))
          .forEach(p -> copy(p, workspace.resolve(SOURCE.relativize(p).toString())));
    }
    Map<String, Object> pipeline;
    try (InputStream in = Files.newInputStream(workspace.resolve(".modelship.yaml"))) {
      pipeline = new Yaml().load(in);
    }
    return new SampleApp(workspace, pipeline);
  }

  List<String> testCommand() {
    return strings(section("test").get("command"));
  }

  List<String> entrypoint() {
    return strings(section("image").get("entrypoint"));
  }

  List<String> imageFiles() {
    return strings(section("image").get("files"));
  }

  String declaredModelSha256() {
    return (String) section("model").get("sha256");
  }

  /** The model file that {@code model.uri} ({@code file:RELATIVE/PATH}) names. */
  Path modelFile() {
    String uri = (String) section("model").get("uri");
    assertThat(uri).startsWith("file:");
    return root.resolve(uri.substring("file:".length()));
  }

  String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> section(String name) {
    return (Map<String, Object>) pipeline.get(name);
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object list) {
    return (List<String>) list;
  }

  private static void copy(Path from, Path to) {
    try {
      if (Files.isDirectory(from)) {
        Files.createDirectories(to);
      } else {
        Files.copy(from, to);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
