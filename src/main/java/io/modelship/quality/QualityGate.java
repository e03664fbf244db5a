package io.modelship.quality;

import io.modelship.release.ModelMetrics;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An app's quality gate: every rule of {@code quality.gate} in {@code .modelship.yaml} must hold
 * for a candidate's model metrics, compared with the metrics of the model in production. Numbers
 * are compared as decimals (what the metrics file writes), so {@code 0.95 >= 0.96 - 0.01} holds.
 */
public record QualityGate(List<GateRule> rules) {

  public QualityGate {
    rules = List.copyOf(rules);
  }

  /**
   * Parses the declared comparisons.
   *
   * @throws InvalidGateException naming the field ({@code quality.gate[i]}) of the first wrong one
   */
  public static QualityGate parse(List<String> declared) {
    List<GateRule> rules = new ArrayList<>();
    for (int i = 0; i < declared.size(); i++) {
      try {
        rules.add(GateRule.parse(declared.get(i)));
      } catch (IllegalArgumentException e) {
        throw new InvalidGateException(
            "Expected field 'quality.gate[" + i + "]' to be " + e.getMessage());
      }
    }
    return new QualityGate(rules);
  }

  /**
   * Checks every rule.
   *
   * @param production the metrics of the model in production; empty when nothing runs there
   */
  public GateVerdict check(ModelMetrics candidate, ModelMetrics production) {
    if (rules.isEmpty()) {
      return new GateVerdict(true, "no quality gate declared");
    }
    List<GateVerdict> verdicts =
        rules.stream()
            .map(
                rule ->
                    rule.check(
                        decimal(candidate, rule.metric()), decimal(production, rule.metric())))
            .toList();
    boolean passed = verdicts.stream().allMatch(GateVerdict::passed);
    return new GateVerdict(
        passed, verdicts.stream().map(GateVerdict::reason).collect(Collectors.joining("; ")));
  }

  private static Optional<BigDecimal> decimal(ModelMetrics metrics, String name) {
    // Double.toString gives the shortest decimal that reads back as the same double: what the
    // metrics file wrote, so 0.96 - 0.01 is 0.95 exactly.
    return metrics.values().containsKey(name)
        ? Optional.of(BigDecimal.valueOf(metrics.values().get(name)))
        : Optional.empty();
  }
}
