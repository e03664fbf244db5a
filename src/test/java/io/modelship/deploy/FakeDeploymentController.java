package io.modelship.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/**
 * Plays the deployment controller that the mock API server lacks: it writes the status a real
 * controller would for each new generation of every Deployment.
 */
final class FakeDeploymentController implements AutoCloseable {

  enum Behaviour {
    /** Rolls every new generation out: observed, updated, available. */
    ROLL_OUT,
    /** Observes new generations, but the new pods never become available. */
    STALL,
    /** Reports ProgressDeadlineExceeded for new generations. */
    EXCEED_DEADLINE,
    /** Does nothing: the status stays at the previous generation. */
    IGNORE
  }

  private final KubernetesClient client;
  private final Thread thread;
  private volatile Behaviour behaviour = Behaviour.ROLL_OUT;
  private volatile boolean stopped;

  FakeDeploymentController(KubernetesClient client) {
    this.client = client;
    this.thread = new Thread(this::run, "fake-deployment-controller");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  void behave(Behaviour behaviour) {
    this.behaviour = behaviour;
  }

  private void run() {
    while (!stopped) {
      try {
        for (Deployment deployment :
            client.apps().deployments().inAnyNamespace().list().getItems()) {
          Long generation = deployment.getMetadata().getGeneration();
          DeploymentStatus status = deployment.getStatus();
          boolean seen =
              status != null && Objects.equals(status.getObservedGeneration(), generation);
          if (!seen && behaviour != Behaviour.IGNORE) {
            deployment.setStatus(statusFor(deployment, generation));
            client.apps().deployments().resource(deployment).updateStatus();
          }
        }
        Thread.sleep(30);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // A race with the deployer's own writes: try again on the next round.
      }
    }
  }

  private DeploymentStatus statusFor(Deployment deployment, Long generation) {
    int desired =
        deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    return switch (behaviour) {
      case ROLL_OUT ->
          new DeploymentStatusBuilder()
              .withObservedGeneration(generation)
              .withReplicas(desired)
              .withUpdatedReplicas(desired)
              .withReadyReplicas(desired)
              .withAvailableReplicas(desired)
              .build();
      case STALL ->
          new DeploymentStatusBuilder()
              .withObservedGeneration(generation)
              .withReplicas(desired + 1)
              .withUpdatedReplicas(1)
              .withAvailableReplicas(desired)
              .build();
      case EXCEED_DEADLINE ->
          new DeploymentStatusBuilder()
              .withObservedGeneration(generation)
              .withReplicas(desired)
              .withUpdatedReplicas(0)
              .withAvailableReplicas(desired)
              .withConditions(
                  new DeploymentConditionBuilder()
                      .withType("Progressing")
                      .withStatus("False")
                      .withReason("ProgressDeadlineExceeded")
                      .withMessage("ReplicaSet has timed out progressing.")
                      .build())
              .build();
      case IGNORE -> deployment.getStatus();
    };
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
  }
}
