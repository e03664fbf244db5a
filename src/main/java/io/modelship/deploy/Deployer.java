package io.modelship.deploy;

import io.modelship.steplog.StepLog;

/**
 * Runs an app's image in an environment ({@code staging}, {@code production}), and puts an earlier
 * image back. The rollback target comes from the release ledger, never from the deployer's memory.
 *
 * <p>Outcomes: a rollout that fails or times out throws {@link
 * io.modelship.step.BusinessOutcomeException} with {@code ROLLOUT_FAILED}; API-server conflicts,
 * 5xx and network errors throw {@link io.modelship.step.TransientStepException}.
 */
public interface Deployer {

  /** Deploys the image pinned by digest and waits until it is rolled out. Idempotent. */
  Deployment deploy(DeployRequest request, StepLog log);

  /** Deploys the target again, which must be an earlier release of the same app. */
  Deployment rollback(DeployRequest target, StepLog log);

  /**
   * Takes the app out of the environment: whatever {@link #deploy} made there for it. A rollback
   * with no earlier release to put back calls it, so a version that failed its rollout or smoke
   * tests does not keep running. {@code request.image()} is the failed image, for the log.
   * Idempotent: with nothing there, nothing changes.
   */
  void remove(DeployRequest request, StepLog log);
}
