package io.modelship.pipeline;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.JobState;
import io.camunda.client.api.search.response.Job;
import io.modelship.release.StepRecord;
import io.modelship.release.StepRecords;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 *
 * <p>A job the dead process had activated but whose step had not begun has no step record. The
 * engine knows who activated it: every worker is named {@code <instance id>:<uuid of the start>}
 * ({@link WorkerNames}), so a job search for a worker of this instance under another start's name
 * finds those too, and they are handed back the same way.
 */
@Component
public class HeldJobs {

  /** The timeout a held job is given: as good as now, yet valid for every engine. */
  static final Duration HAND_BACK = Duration.ofMillis(1);

  /** The most activated jobs one start looks for (one page of the search). */
  static final int SEARCH_LIMIT = 1000;

  /** States of a job that may still be activated (an ended one refuses the update anyway). */
  private static final List<JobState> LIVE =
      List.of(
          JobState.CREATED,
          JobState.FAILED,
          JobState.RETRIES_UPDATED,
          JobState.TIMED_OUT,
          JobState.MIGRATED);

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
   * Hands back every job the instance held when it last stopped: those its step records name, and
   * those the engine says a worker of an earlier start activated; returns how many the engine took.
   */
  public int handBack() {
    // Searched first: a job handed back below and activated again by this start carries this
    // start's worker name, so the search cannot find it and hand it back a second time.
    List<Job> activated = activatedByEarlierStarts();
    List<StepRecord> held =
        records.heldBy(owner.prefix(), clock.instant().minus(properties.jobTimeout()));
    Set<Long> done = new HashSet<>();
    int handedBack = 0;
    for (StepRecord record : held) {
      if (StepRecord.STARTED.equals(record.state())
          && !records.abandon(record.runId(), record.step(), record.owner())) {
        done.add(record.jobKey());
        continue; // a delivery since the start took it over: the job is that delivery's now
      }
      if (done.add(record.jobKey())
          && handBack(record.jobKey(), record.runId() + " / " + record.step(), record.state())) {
        handedBack++;
      }
    }
    for (Job job : activated) {
      if (done.add(job.getJobKey())
          && handBack(
              job.getJobKey(),
              job.getProcessInstanceKey() + " / " + job.getElementId(),
              "activated by " + job.getWorker() + ", no step record")) {
        handedBack++;
      }
    }
    return handedBack;
  }

  /** Live jobs whose worker is of this instance but not of this start. */
  private List<Job> activatedByEarlierStarts() {
    try {
      return camunda
          .newJobSearchRequest()
          .filter(f -> f.worker(w -> w.like(owner.prefix() + "*")).state(s -> s.in(LIVE)))
          .page(p -> p.limit(SEARCH_LIMIT))
          .send()
          .join()
          .items()
          .stream()
          .filter(job -> !owner.workerName().equals(job.getWorker()))
          .toList();
    } catch (RuntimeException e) {
      // The step records still name the jobs whose steps had begun.
      LOG.warn(
          "Instance {}: could not search the jobs its earlier starts activated: {}",
          owner.instanceId(),
          e.getMessage());
      return List.of();
    }
  }

  private boolean handBack(long jobKey, String what, String why) {
    try {
      camunda.newUpdateTimeoutCommand(jobKey).timeout(HAND_BACK).send().join();
      LOG.info("Handed back job {} of {} ({})", jobKey, what, why);
      return true;
    } catch (RuntimeException e) {
      LOG.debug("Job {} of {} was not handed back: {}", jobKey, what, e.getMessage());
      return false;
    }
  }
}
