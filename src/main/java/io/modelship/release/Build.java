package io.modelship.release;

import java.time.Instant;

/**
 * One commit-build run as the ledger has it.
 *
 * @param status {@code running}, {@code succeeded}, {@code failed}, or {@code rejected} (published,
 *     but it failed the quality gate: no release takes it)
 * @param image the published image pinned by digest; null until it succeeded
 * @param trigger {@code commit} (a push or a requested commit) or {@code model} (a model-only
 *     rebuild of the release branch's head)
 * @param modelEvent what announced the model of a model-only rebuild (e.g. {@code
 *     eventgrid:EVENT-ID}), else null
 * @param metrics what the app's tests measured of the model; empty when they wrote no metrics file
 * @param gateOutcome {@code passed} or {@code failed}; null while the quality gate was not
 *     evaluated
 * @param gateReason why the gate passed or failed, in words (e.g. "accuracy 0.87 < 0.9")
 */
public record Build(
    String runId,
    String app,
    String repositoryUrl,
    String branch,
    String commitSha,
    String status,
    String image,
    String imageDigest,
    String modelUri,
    String modelSha256,
    String testSummary,
    String failureCode,
    String failureReason,
    Instant createdAt,
    Instant finishedAt,
    String trigger,
    String modelEvent,
    ModelMetrics metrics,
    String gateOutcome,
    String gateReason) {

  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String REJECTED = "rejected";

  public static final String TRIGGER_COMMIT = "commit";
  public static final String TRIGGER_MODEL = "model";

  public static final String GATE_PASSED = "passed";
  public static final String GATE_FAILED = "failed";

  public Build {
    metrics = metrics == null ? ModelMetrics.none() : metrics;
    trigger = trigger == null ? TRIGGER_COMMIT : trigger;
  }

  /** A build of a commit that starts now, as its start variables name it. */
  public static Build started(
      String runId, String app, String repositoryUrl, String branch, String commitSha) {
    return new Build(
        runId,
        app,
        repositoryUrl,
        branch,
        commitSha,
        RUNNING,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public boolean modelOnly() {
    return TRIGGER_MODEL.equals(trigger);
  }

  public boolean succeeded() {
    return SUCCEEDED.equals(status);
  }
}
