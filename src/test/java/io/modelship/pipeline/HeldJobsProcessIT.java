package io.modelship.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The jobs a dead process had activated but whose steps had not begun (no step record) are handed
 * back at start too, found by a job search for the worker names of this instance's earlier starts.
 * The dead process is played by activations under such a name; nothing serves the job type, so only
 * the hand-back can make the job activatable again before its 5-minute timeout.
 */
class HeldJobsProcessIT extends ProcessTestSupport {

  private static final String TYPE = "held-jobs-between-steps";

  @Autowired StepOwner owner;
  @Autowired StepProperties properties;
  @Autowired Clock clock;

  @Test
  void shouldHandBackTheJobsAnEarlierStartActivatedBeforeTheirStepsBegan() {
    // given: three waiting jobs, activated by an earlier start of this instance, by this start,
    // and by another instance
    camunda
        .newDeployResourceCommand()
        .addProcessModel(
            Bpmn.createExecutableProcess("held-jobs")
                .startEvent()
                .serviceTask("wait", t -> t.zeebeJobType(TYPE))
                .endEvent()
                .done(),
            "held-jobs.bpmn")
        .send()
        .join();
    long earlier = activatedOne(owner.prefix() + "an-earlier-start");
    long thisStart = activatedOne(owner.workerName());
    long otherInstance = activatedOne("another-instance:its-start");
    // when
    int handedBack = new HeldJobs(camunda, steps, owner, properties, clock).handBack();
    advanceClock(Duration.ofSeconds(1)); // past the 1 ms timeout on the pinned clock
    // then: only the earlier start's job is activatable again, long before its 5-minute timeout
    assertThat(handedBack).isEqualTo(1);
    List<Long> again =
        camunda
            .newActivateJobsCommand()
            .jobType(TYPE)
            .maxJobsToActivate(3)
            .workerName(owner.workerName())
            .timeout(Duration.ofMinutes(5))
            .requestTimeout(Duration.ofSeconds(5))
            .send()
            .join()
            .getJobs()
            .stream()
            .map(ActivatedJob::getKey)
            .toList();
    assertThat(again).containsExactly(earlier).doesNotContain(thisStart, otherInstance);
    // and a second start's hand-back leaves it alone: it is this start's job now
    assertThat(new HeldJobs(camunda, steps, owner, properties, clock).handBack()).isZero();
  }

  /** Creates an instance and activates its job under {@code worker}, with a 5-minute timeout. */
  private long activatedOne(String worker) {
    camunda
        .newCreateInstanceCommand()
        .bpmnProcessId("held-jobs")
        .latestVersion()
        .variables(Map.of("worker", worker))
        .send()
        .join();
    List<ActivatedJob> jobs =
        await(
            "a " + TYPE + " job for " + worker,
            () -> {
              List<ActivatedJob> activated =
                  camunda
                      .newActivateJobsCommand()
                      .jobType(TYPE)
                      .maxJobsToActivate(1)
                      .workerName(worker)
                      .timeout(Duration.ofMinutes(5))
                      .requestTimeout(Duration.ofSeconds(1))
                      .send()
                      .join()
                      .getJobs();
              return activated.isEmpty()
                  ? java.util.Optional.empty()
                  : java.util.Optional.of(activated);
            });
    return jobs.get(0).getKey();
  }
}
