package io.modelship.release;

import java.time.Instant;

/**
 * One deployment of a build into an environment, and what became of it.
 *
 * @param outcome {@code deployed} (running, not yet confirmed), {@code released} (production,
 *     smoke-tested), {@code restored} (put back by a rollback), {@code rolled-back} (replaced by
 *     the release it restored), or {@code removed} (taken out by a rollback that had nothing to put
 *     back: the app no longer runs there)
 * @param rollbackTarget the id of the release put back when this one was rolled back, else null
 * @param deployedAt since when it runs in the environment
 */
public record Release(
    long id,
    String runId,
    String app,
    String environment,
    String buildRunId,
    String image,
    String imageDigest,
    String gitSha,
    String modelUri,
    String modelSha256,
    String approver,
    Instant approvedAt,
    String approvalComment,
    String outcome,
    Long rollbackTarget,
    Instant deployedAt,
    Instant finishedAt) {

  public static final String DEPLOYED = "deployed";
  public static final String RELEASED = "released";
  public static final String RESTORED = "restored";
  public static final String ROLLED_BACK = "rolled-back";
  public static final String REMOVED = "removed";
}
