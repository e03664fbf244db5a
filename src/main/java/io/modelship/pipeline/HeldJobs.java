package io.modelship.pipeline;

import io.camunda.client.CamundaClient;
import io.modelship.release.StepRecord;
import io.modelship.release.StepRecords;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Hands back, at start, the jobs this Modelship instance held when its process died (kill -9, an
 * OOM kill, a node drained). Without it each such job stays activated until its timeout (5 minutes)
 * before the engine gives it to a worker again.
 *
 * <p>The step records say which jobs the instance held ({@link StepOwner}: the same instance id
 * across restarts): a step still started, or one that ended within the job timeout (its answer may
 * not have reached the engine). Each started one is first marked abandoned, so its next delivery
 * takes it over at once; then its job's timeout is set to {@link #HAND_BACK} through the client's
 * public API, which a Camunda 8 cluster serves as well, so the engine re-delivers it without using
 * a retry. A job that has ended, or is no longer activated, refuses the update: nothing to do.
 */
@Component
public class HeldJobs {

  /** The timeout a held job is given: as good as now, yet valid for every engine. */
  static final Duration HAND_BACK = Duration.ofMillis(1);

  private static final Logger LOG = LoggerFactory.getLogger(HeldJobs.class);

  private final CamundaClient camunda;
  private final StepRecords records;
  private final StepOwner owner;
  private final StepProperties properties;
  private final Clock clock;

  public HeldJobs(
      CamundaClient camunda,
      StepRecords records,
      StepOwner owner,
      StepProperties properties,
      Clock clock) {
    this.camunda = camunda;
    this.records = records;
    this.owner = owner;
    this.properties = properties;
    this.clock = clock;
  }

  @EventListener(ApplicationReadyEvent.class)
  public void handBackOnStart() {
    try {
      int handedBack = handBack();
      LOG.info(
          "Instance {}: handed back {} job(s) held when it last stopped",
          owner.instanceId(),
          handedBack);
    } catch (RuntimeException e) {
      // Not fatal: the jobs still come back when their timeouts end.
      LOG.warn(
          "Instance {}: could not hand back the jobs it held: {}",
          owner.instanceId(),
          e.getMessage());
    }
  }

  /**
   * Hands back every job the instance's step records say it held; returns how many the engine took.
   */
  public int handBack() {
    List<StepRecord> held =
        records.heldBy(owner.prefix(), clock.instant().minus(properties.jobTimeout()));
    int handedBack = 0;
    for (StepRecord record : held) {
      if (StepRecord.STARTED.equals(record.state())
          && !records.abandon(record.runId(), record.step(), record.owner())) {
        continue; // a delivery since the start took it over: the job is that delivery's now
      }
      try {
        camunda.newUpdateTimeoutCommand(record.jobKey()).timeout(HAND_BACK).send().join();
        handedBack++;
        LOG.info(
            "Handed back job {} of {} / {} ({})",
            record.jobKey(),
            record.runId(),
            record.step(),
            record.state());
      } catch (RuntimeException e) {
        LOG.debug(
            "Job {} of {} / {} was not handed back: {}",
            record.jobKey(),
            record.runId(),
            record.step(),
            e.getMessage());
      }
    }
    return handedBack;
  }
}
