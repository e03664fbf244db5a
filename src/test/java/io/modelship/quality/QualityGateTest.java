package io.modelship.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelship.release.ModelMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityGateTest {

  private static final QualityGate GATE =
      QualityGate.parse(List.of("accuracy >= 0.9", "accuracy >= production - 0.01"));

  @Test
  void shouldPassAModelAboveTheThresholdAndWithinTheMarginOfProduction() {
    // when
    GateVerdict verdict = GATE.check(metrics(0.95), metrics(0.96));

    // then: 0.95 >= 0.96 - 0.01 holds exactly, as decimals
    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.reason())
        .isEqualTo("accuracy 0.95 >= 0.9; accuracy 0.95 >= production 0.96 - 0.01");
  }

  @Test
  void shouldFailAModelBelowTheThresholdNamingTheNumbers() {
    // when
    GateVerdict verdict = GATE.check(metrics(0.87), ModelMetrics.none());

    // then
    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.reason())
        .isEqualTo(
            "accuracy 0.87 >= 0.9 failed; accuracy 0.87: no production value to compare with");
  }

  @Test
  void shouldFailAModelWorseThanProductionByMoreThanTheMargin() {
    // when
    GateVerdict verdict = GATE.check(metrics(0.93), metrics(0.95));

    // then
    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.reason()).endsWith("accuracy 0.93 >= production 0.95 - 0.01 failed");
  }

  @Test
  void shouldFailWhenTheMetricIsMissing() {
    // when
    GateVerdict verdict =
        QualityGate.parse(List.of("loss < 0.2"))
            .check(new ModelMetrics(Map.of("accuracy", 0.9)), ModelMetrics.none());

    // then
    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.reason()).isEqualTo("loss missing from the metrics file");
  }

  @Test
  void shouldPassWithoutAGate() {
    assertThat(QualityGate.parse(List.of()).check(ModelMetrics.none(), ModelMetrics.none()))
        .isEqualTo(new GateVerdict(true, "no quality gate declared"));
  }

  @Test
  void shouldReadLowerIsBetterRulesWithAPlusMargin() {
    // given
    GateRule rule = GateRule.parse("latency_ms<=production+5");

    // when / then
    assertThat(rule.operator()).isEqualTo("<=");
    assertThat(rule.relative()).isTrue();
    assertThat(
            QualityGate.parse(List.of("latency_ms<=production+5"))
                .check(
                    new ModelMetrics(Map.of("latency_ms", 26.0)),
                    new ModelMetrics(Map.of("latency_ms", 20.0)))
                .passed())
        .isFalse();
  }

  @Test
  void shouldNameTheWrongComparisonByItsField() {
    assertThatThrownBy(() -> QualityGate.parse(List.of("accuracy >= 0.9", "accuracy is good")))
        .isInstanceOf(InvalidGateException.class)
        .hasMessageStartingWith("Expected field 'quality.gate[1]' to be a comparison such as")
        .hasMessageEndingWith("but it was 'accuracy is good'");
  }

  private static ModelMetrics metrics(double accuracy) {
    return new ModelMetrics(Map.of("accuracy", accuracy));
  }
}
