package io.modelship.api;

import io.modelship.release.Build;
import io.modelship.release.ModelMetrics;
import io.modelship.release.Release;
import io.modelship.release.ReleaseLedger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an approver weighs for one app of a release run: the candidate's model (the build this run
 * put in staging) and its metrics and gate verdict next to the model that runs in production now.
 *
 * @param production null fields when nothing runs in production yet
 */
public record ModelComparison(
    String app, Side candidate, Side production, String gateOutcome, String gateReason) {

  /** One model: the build that carries it, its digest, where it came from, its metrics. */
  public record Side(
      String buildRunId, String modelSha256, String modelUri, Map<String, Double> metrics) {

    static Side of(Build build) {
      ModelMetrics metrics = build.metrics();
      return new Side(build.runId(), build.modelSha256(), build.modelUri(), metrics.values());
    }
  }

  /** One comparison per app that this run took to staging, newest staging release first. */
  public static List<ModelComparison> of(String runId, ReleaseLedger ledger) {
    return ledger.releasesOfRun(runId).stream()
        .filter(r -> "staging".equals(r.environment()))
        .map(Release::app)
        .distinct()
        .map(app -> compare(runId, app, ledger))
        .flatMap(Optional::stream)
        .toList();
  }

  private static Optional<ModelComparison> compare(String runId, String app, ReleaseLedger ledger) {
    return ledger
        .latestOfRun(runId, app, "staging")
        .flatMap(staged -> ledger.findBuild(staged.buildRunId()))
        .map(
            candidate ->
                new ModelComparison(
                    app,
                    Side.of(candidate),
                    ledger.buildRunningIn(app, "production").map(Side::of).orElse(null),
                    candidate.gateOutcome(),
                    candidate.gateReason()));
  }
}
