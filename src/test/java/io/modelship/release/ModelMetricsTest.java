package io.modelship.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelMetricsTest {

  @Test
  void shouldReadAndWriteAJsonObjectOfNumbersInNameOrder() {
    // when
    ModelMetrics metrics = ModelMetrics.fromJson("{\"f1\": 0.9, \"accuracy\": 1}");
    // then
    assertThat(metrics.get("accuracy")).hasValue(1.0);
    assertThat(metrics.get("loss")).isEmpty();
    assertThat(metrics.toJson()).isEqualTo("{\"accuracy\":1.0,\"f1\":0.9}");
    assertThat(ModelMetrics.fromJson(metrics.toJson())).isEqualTo(metrics);
  }

  @Test
  void shouldTreatNothingAsNoMetrics() {
    assertThat(ModelMetrics.fromJson(null).isEmpty()).isTrue();
    assertThat(ModelMetrics.fromJson("  ").isEmpty()).isTrue();
    assertThat(ModelMetrics.none().toJson()).isNull();
  }

  @Test
  void shouldNameWhatIsWrongWithMetricsThatAreNotNumbers() {
    assertThatThrownBy(() -> ModelMetrics.fromJson("{\"accuracy\": \"high\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'accuracy'")
        .hasMessageContaining("number");
    assertThatThrownBy(() -> ModelMetrics.fromJson("[0.9]")).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> ModelMetrics.fromJson("{accuracy")).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> new ModelMetrics(Map.of("loss", Double.NaN)))
        .hasMessageContaining("finite");
  }
}
