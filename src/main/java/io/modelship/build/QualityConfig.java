package io.modelship.build;

import java.util.List;

/**
 * The {@code quality} section of {@code .modelship.yaml}: where the app's tests write the model's
 * metrics, and the quality gate a build must pass before staging. docs/model-delivery.md documents
 * the fields. (Whether a published model goes to staging right after is Modelship's setting {@code
 * modelship.model-delivery.stage-on-publish}: the trigger must know it before any checkout.)
 *
 * @param metrics a JSON file, relative to the repository root, that the tests write: an object of
 *     metric name to number, e.g. {@code reports/metrics.json}; null when the tests write none
 * @param gate comparisons that must all hold, e.g. {@code accuracy >= 0.9} or {@code accuracy >=
 *     production - 0.01}; see {@link io.modelship.quality.QualityGate}
 */
public record QualityConfig(String metrics, List<String> gate) {

  public QualityConfig {
    gate = gate == null ? List.of() : List.copyOf(gate);
  }

  /** The section when the file has none: no metrics, no gate. */
  public static QualityConfig none() {
    return new QualityConfig(null, List.of());
  }
}
