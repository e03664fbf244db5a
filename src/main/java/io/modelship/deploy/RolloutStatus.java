package io.modelship.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

/**
 * Whether a Deployment has rolled out, decided the way {@code kubectl rollout status} decides it:
 * the controller has observed the latest generation, and the updated, available and total replicas
 * all agree with the desired count (no old replica left). fabric8's {@code waitUntilReady} compares
 * only replicas with available replicas, and can call the old ReplicaSet ready.
 *
 * @param done the rollout is complete
 * @param failed the rollout cannot complete (its progress deadline was exceeded)
 * @param reason what is being waited for, or why it failed
 */
record RolloutStatus(boolean done, boolean failed, String reason) {

  static RolloutStatus of(Deployment deployment) {
    Long generation = deployment.getMetadata().getGeneration();
    DeploymentStatus status = deployment.getStatus();
    if (status == null || status.getObservedGeneration() == null) {
      return waiting("the deployment controller's first status");
    }
    if (generation != null && status.getObservedGeneration() < generation) {
      return waiting(
          "the controller to observe generation "
              + generation
              + " (it has seen "
              + status.getObservedGeneration()
              + ")");
    }
    if (status.getConditions() != null) {
      for (DeploymentCondition condition : status.getConditions()) {
        if ("Progressing".equals(condition.getType())
            && "ProgressDeadlineExceeded".equals(condition.getReason())) {
          return new RolloutStatus(
              false,
              true,
              "its progress deadline was exceeded"
                  + (condition.getMessage() == null ? "" : ": " + condition.getMessage()));
        }
      }
    }
    int desired =
        deployment.getSpec() == null || deployment.getSpec().getReplicas() == null
            ? 1
            : deployment.getSpec().getReplicas();
    int updated = count(status.getUpdatedReplicas());
    int total = count(status.getReplicas());
    int available = count(status.getAvailableReplicas());
    if (updated < desired) {
      return waiting(updated + " of " + desired + " new replicas updated");
    }
    if (total > updated) {
      return waiting((total - updated) + " old replicas pending termination");
    }
    if (available < updated) {
      return waiting(available + " of " + updated + " updated replicas available");
    }
    return new RolloutStatus(true, false, "rolled out: " + available + " replicas available");
  }

  private static RolloutStatus waiting(String reason) {
    return new RolloutStatus(false, false, "waiting for " + reason);
  }

  private static int count(Integer value) {
    return value == null ? 0 : value;
  }
}
