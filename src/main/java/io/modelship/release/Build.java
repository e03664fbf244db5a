package io.modelship.release;

import java.time.Instant;

/**
 * One commit-build run as the ledger has it.
 *
 * @param status {@code running}, {@code succeeded} or {@code failed}
 * @param image the published image pinned by digest; null until it succeeded
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
    Instant finishedAt) {

  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  public boolean succeeded() {
    return SUCCEEDED.equals(status);
  }
}
