package io.modelship.testing;

import io.modelship.release.ModelMetrics;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The metrics file that an app's tests write ({@code quality.metrics} in {@code .modelship.yaml}),
 * read from the workspace after the tests passed. A declared file that is missing, too large or not
 * a JSON object of name to number fails the tests: the gate could not judge the model otherwise.
 */
final class MetricsFile {

  /** The ledger keeps metrics in 4000 characters; a metrics file is a few dozen bytes. */
  static final int MAX_JSON_CHARS = 4000;

  private MetricsFile() {}

  /**
   * Reads the metrics.
   *
   * @param declared the path relative to the workspace; null when the app declares none
   * @return none when nothing was declared
   * @throws BusinessOutcomeException {@code TESTS_FAILED} naming what is wrong with the file
   */
  static ModelMetrics read(Path workspace, String declared) {
    if (declared == null) {
      return ModelMetrics.none();
    }
    Path file = workspace.resolve(declared).normalize();
    // The schema refuses '..', and a symbolic link must not lead out of the workspace either.
    if (!file.startsWith(workspace.normalize())
        || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw failed(
          "Expected the tests to write the metrics file '" + declared + "', but there is none");
    }
    try {
      if (Files.size(file) > MAX_JSON_CHARS) {
        throw failed(
            "Expected the metrics file '"
                + declared
                + "' to be at most "
                + MAX_JSON_CHARS
                + " bytes, but it has "
                + Files.size(file));
      }
      ModelMetrics metrics = ModelMetrics.fromJson(Files.readString(file, StandardCharsets.UTF_8));
      String json = metrics.toJson();
      if (json != null && json.length() > MAX_JSON_CHARS) {
        throw failed("Expected at most " + MAX_JSON_CHARS + " characters of metrics");
      }
      return metrics;
    } catch (IllegalArgumentException e) {
      throw failed("Expected '" + declared + "' to hold metrics, but: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("Expected to read " + file + ", but failed", e);
    }
  }

  private static BusinessOutcomeException failed(String message) {
    return new BusinessOutcomeException(ErrorCode.TESTS_FAILED, message);
  }
}
