package io.modelship.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityConfigReaderTest {

  private static final String MINIMAL =
      """
      app: model-api
      model: {uri: "azblob://acct/models/digits/weights.json", path: /app/model/weights.json}
      test: {command: [pytest]}
      image: {base: "python:3.12-slim"}
      """;

  private final AppPipelineConfigReader reader = new AppPipelineConfigReader();

  @Test
  void shouldReadTheQualitySection() {
    // when
    AppPipelineConfig config =
        reader.parse(
            MINIMAL
                + """
                quality:
                  metrics: reports/metrics.json
                  gate: ["accuracy >= 0.9", "accuracy >= production - 0.01"]
                """);

    // then
    assertThat(config.quality())
        .isEqualTo(
            new QualityConfig(
                "reports/metrics.json",
                List.of("accuracy >= 0.9", "accuracy >= production - 0.01")));
  }

  @Test
  void shouldHaveNoQualitySectionByDefault() {
    assertThat(reader.parse(MINIMAL).quality()).isEqualTo(QualityConfig.none());
  }

  @Test
  void shouldNameAWrongGateComparisonAsConfigInvalid() {
    assertThatThrownBy(() -> reader.parse(MINIMAL + "quality: {gate: [\"accuracy >= high\"]}\n"))
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
        .hasMessageStartingWith("Expected field 'quality.gate[0]' to be a comparison");
  }

  @Test
  void shouldNameAMetricsPathThatLeavesTheRepository() {
    assertThatThrownBy(() -> reader.parse(MINIMAL + "quality: {metrics: ../metrics.json}\n"))
        .isInstanceOf(BusinessOutcomeException.class)
        .hasMessageContaining("quality.metrics");
  }

  @Test
  void shouldNameAnUnknownQualityField() {
    assertThatThrownBy(() -> reader.parse(MINIMAL + "quality: {gates: []}\n"))
        .isInstanceOf(BusinessOutcomeException.class)
        .hasMessageContaining("quality")
        .hasMessageContaining("'gates'");
  }
}
