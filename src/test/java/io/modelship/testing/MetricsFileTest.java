package io.modelship.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelship.release.ModelMetrics;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsFileTest {

  @TempDir Path workspace;

  @Test
  void shouldReadTheMetricsTheTestsWrote() throws Exception {
    // given
    Files.createDirectories(workspace.resolve("reports"));
    Files.writeString(
        workspace.resolve("reports/metrics.json"), "{\"accuracy\": 0.97, \"n\": 360}");

    // when
    ModelMetrics metrics = MetricsFile.read(workspace, "reports/metrics.json");

    // then
    assertThat(metrics.values()).isEqualTo(Map.of("accuracy", 0.97, "n", 360.0));
  }

  @Test
  void shouldReadNothingWhenNoFileIsDeclared() {
    assertThat(MetricsFile.read(workspace, null).isEmpty()).isTrue();
  }

  @Test
  void shouldFailTheTestsWhenTheDeclaredFileIsMissing() {
    assertThatThrownBy(() -> MetricsFile.read(workspace, "reports/metrics.json"))
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.TESTS_FAILED))
        .hasMessage(
            "Expected the tests to write the metrics file 'reports/metrics.json', but there is"
                + " none");
  }

  @Test
  void shouldFailTheTestsWhenTheFileIsNotMetrics() throws Exception {
    // given
    Files.writeString(workspace.resolve("m.json"), "{\"accuracy\": \"high\"}");

    // when / then
    assertThatThrownBy(() -> MetricsFile.read(workspace, "m.json"))
        .isInstanceOf(BusinessOutcomeException.class)
        .hasMessage(
            "Expected 'm.json' to hold metrics, but: Expected metric 'accuracy' to be a number,"
                + " but found \"high\"");
  }

  @Test
  void shouldNotFollowALinkOutOfTheWorkspace() throws Exception {
    // given
    Path outside = Files.createTempFile("metrics", ".json");
    Files.writeString(outside, "{\"accuracy\": 1}");
    Files.createSymbolicLink(workspace.resolve("m.json"), outside);

    // when / then
    assertThatThrownBy(() -> MetricsFile.read(workspace, "m.json"))
        .isInstanceOf(BusinessOutcomeException.class)
        .hasMessageContaining("there is none");
    Files.delete(outside);
  }
}
