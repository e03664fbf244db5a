package io.modelship.trigger;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.modelship.release.ReleaseLock;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Tells whether a release lock is stale: its owner's process instance no longer runs. A lock whose
 * instance is not yet known (claimed by the API just before it starts the instance) is stale only
 * after a grace period.
 */
@Component
public class ProcessLiveness {

  static final Duration START_GRACE = Duration.ofMinutes(2);

  private final CamundaClient camunda;
  private final Clock clock;

  public ProcessLiveness(CamundaClient camunda, Clock clock) {
    this.camunda = camunda;
    this.clock = clock;
  }

  public boolean isStale(ReleaseLock lock) {
    if (lock.processInstanceKey() == null) {
      return lock.claimedAt().plus(START_GRACE).isBefore(clock.instant());
    }
    return !isRunning(lock.processInstanceKey());
  }

  public boolean isRunning(long processInstanceKey) {
    // A search rather than a get: it answers an unknown key with no item instead of a 404.
    return camunda
        .newProcessInstanceSearchRequest()
        .filter(f -> f.processInstanceKey(processInstanceKey))
        .send()
        .join()
        .items()
        .stream()
        .anyMatch(i -> i.getState() == ProcessInstanceState.ACTIVE);
  }
}
