package io.modelship.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

class RolloutStatusTest {

  @Test
  void shouldWaitForTheControllerToObserveTheNewGeneration() {
    RolloutStatus status = RolloutStatus.of(deployment(3, 2, 2, 2, 2, 2));
    assertThat(status.done()).isFalse();
    assertThat(status.reason()).contains("observe generation 3");
  }

  @Test
  void shouldWaitForOldReplicasAndForAvailability() {
    assertThat(RolloutStatus.of(deployment(2, 2, 2, 3, 2, 2)).reason())
        .contains("1 old replicas pending termination");
    assertThat(RolloutStatus.of(deployment(2, 2, 2, 2, 2, 1)).reason())
        .contains("1 of 2 updated replicas available");
    assertThat(RolloutStatus.of(deployment(2, 2, 2, 2, 1, 2)).reason())
        .contains("1 of 2 new replicas updated");
  }

  @Test
  void shouldBeDoneWhenEverythingAgrees() {
    assertThat(RolloutStatus.of(deployment(2, 2, 2, 2, 2, 2)).done()).isTrue();
  }

  private static Deployment deployment(
      long generation, long observed, int desired, int total, int updated, int available) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("app")
        .withGeneration(generation)
        .endMetadata()
        .withNewSpec()
        .withReplicas(desired)
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(observed)
        .withReplicas(total)
        .withUpdatedReplicas(updated)
        .withAvailableReplicas(available)
        .endStatus()
        .build();
  }
}
