package io.modelship.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.modelship.build.AppPipelineConfig;
import io.modelship.build.AppPipelineConfigReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * The sample app {@code samples/model-api}, copied into a workspace as a checkout would be, and its
 * pipeline file as Modelship reads it.
 */
record SampleApp(Path root, AppPipelineConfig config) {

  static final Path SOURCE = Path.of("samples/model-api");

  /** Copies the sample's files (not its caches or reports) into an empty workspace. */
  static SampleApp copyTo(Path workspace) throws IOException {
    assertThat(SOURCE.resolve(AppPipelineConfig.FILE_NAME))
        .as("Expected the sample app under %s (tests run from the repository root)", SOURCE)
        .exists();
    try (Stream<Path> files = Files.walk(SOURCE)) {
      files
          .filter(p -> !p.toString().contains("__pycache__"))
          .filter(p -> !p.startsWith(SOURCE.resolve("reports")))
          .forEach(p -> copy(p, workspace.resolve(SOURCE.relativize(p).toString())));
    }
    requireDebianPython();
    return new SampleApp(workspace, new AppPipelineConfigReader().read(workspace));
  }

  /** The model file that {@code model.uri} ({@code file:RELATIVE/PATH}) names. */
  Path modelFile() {
    String uri = config.model().uri();
    assertThat(uri).startsWith("file:");
    return root.resolve(uri.substring("file:".length()));
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
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

  private static void requireDebianPython() {
    try {
      Process check =
          new ProcessBuilder("/usr/bin/python3", "-c", "import flask, pytest, gunicorn")
              .redirectErrorStream(true)
              .start();
      String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(check.waitFor())
          .as(
              "Expected Debian's python3 with python3-flask, python3-pytest and gunicorn"
                  + " (run bin/setup), but: %s",
              said)
          .isZero();
    } catch (IOException | InterruptedException e) {
      fail("Expected /usr/bin/python3 (run bin/setup), but it could not start: " + e);
    }
  }
}
