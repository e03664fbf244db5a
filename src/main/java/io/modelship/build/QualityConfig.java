package io.modelship.build;

import java.util.List;

/**
 * The {@code quality} section of {@code .modelship.yaml}: where the app's tests write the model's
 * metrics, the quality gate a build must pass before staging, and whether a published model goes to
 * staging right after its model-only build. docs/model-delivery.md documents the fields.
 *
 * @param metrics a JSON file, relative to the repository root, that the tests write: an object of
 *     metric name to number, e.g. {@code reports/metrics.json}; null when the tests write none
 * @param gate comparisons that must all hold, e.g. {@code accuracy >= 0.9} or {@code accuracy >=
 *     production - 0.01}; see {@link io.modelship.quality.QualityGate}
 * @param stageOnPublish whether a published model's build is released to staging right after
 */
public record QualityConfig(String metrics, List<String> gate, boolean stageOnPublish) {

  public QualityConfig {
    gate = gate == null ? List.of() : List.copyOf(gate);
  }

  /** The section when the file has none: no metrics, no gate, no release on publish. */
  public static QualityConfig none() {
    return new QualityConfig(null, List.of(), false);
  }
}
