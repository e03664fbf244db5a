package io.modelship.build;

import io.modelship.steplog.StepLog;

/**
 * Gets an app's code at an exact commit into a workspace of its own, and reads its {@code
 * .modelship.yaml}.
 *
 * <p>Outcomes: a missing or invalid {@code .modelship.yaml} throws {@link
 * io.modelship.step.BusinessOutcomeException} with {@code CONFIG_INVALID}, naming the field and
 * what was expected; network errors throw {@link io.modelship.step.TransientStepException}.
 */
public interface SourceCheckout {

  /** Checks out {@code commitSha} of {@code repositoryUrl} into the workspace of {@code runId}. */
  CheckedOutSource checkout(String repositoryUrl, String commitSha, String runId, StepLog log);

  /** The commit SHA at the head of {@code branch}, as the remote has it now. */
  String headOf(String repositoryUrl, String branch);
}
