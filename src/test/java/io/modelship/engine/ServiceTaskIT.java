package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.enums.IncidentErrorType;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.response.ElementInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

class ServiceTaskIT extends EngineITSupport {

  @Autowired ApplicationContext context;

  @BeforeEach
  void deployProcess() {
    deploy("service-tasks.bpmn");
  }

  @Test
  void shouldHandJobsToWorkersWithVariablesAndHeaders() {
    // given
    long instance = start("service-tasks", Map.of("order", 7));

    // when
    ActivatedJob job = activateOne("st-first");

    // then
    assertThat(job.getProcessInstanceKey()).isEqualTo(instance);
    assertThat(job.getCustomHeaders()).containsEntry("kind", "one");
    assertThat(job.getRetries()).isEqualTo(2);
    assertThat(job.getVariablesAsMap()).containsEntry("order", 7);
  }

  @Test
  void shouldCompleteTheInstanceWhenTheLastJobCompletes() {
    // given
    long instance = start("service-tasks", Map.of());
    complete("st-first", Map.of("result", "ok"));

    // when
    ActivatedJob second = activateOne("st-second");
    client.newCompleteCommand(second).send().join();

    // then
    assertThat(second.getVariablesAsMap()).containsEntry("result", "ok");
    assertThat(state(instance)).isEqualTo(ProcessInstanceState.COMPLETED);
  }

  @Test
  void shouldAnswerALongPollAsSoonAsAJobIsCreated() throws Exception {
    assertThatAParkedPollGetsTheJobOfANewInstance();
  }

  @Test
  void shouldParkLongPollsAgainWhenTheEngineIsStartedAfterAStop() throws Exception {
    // given the step that answers polls at once on the way down, stopped and started again
    SmartLifecycle pollsShutdown = context.getBean("engineJobPollsShutdown", SmartLifecycle.class);
    pollsShutdown.stop();
    pollsShutdown.start();

    // when, then: a poll waits for the job, not answered empty at once
    assertThatAParkedPollGetsTheJobOfANewInstance();
  }

  /** A poll sent before the job exists is answered with that job once an instance creates it. */
  private void assertThatAParkedPollGetsTheJobOfANewInstance() throws Exception {
    // given
    var poll =
        client
            .newActivateJobsCommand()
            .jobType("st-first")
            .maxJobsToActivate(1)
            .requestTimeout(Duration.ofSeconds(30))
            .send();
    Thread.sleep(300); // let the poll park before the job exists

    // when
    long instance = start("service-tasks", Map.of());

    // then
    List<ActivatedJob> jobs =
        poll.toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS).getJobs();
    assertThat(jobs).extracting(ActivatedJob::getProcessInstanceKey).containsExactly(instance);
  }

  @Test
  void shouldKeepElementsThatStartedAtOneInstantInKeyOrderWhenSortedByStartDate() {
    // given every element starts at the same instant on a pinned clock
    client.newPinClockCommand().time(Instant.parse("2026-01-05T10:00:00Z")).send().join();
    long instance = start("service-tasks", Map.of());
    complete("st-first", Map.of());
    complete("st-second", Map.of());

    // when
    var items =
        client
            .newElementInstanceSearchRequest()
            .filter(f -> f.processInstanceKey(instance))
            .sort(s -> s.startDate().asc())
            .send()
            .join()
            .items();

    // then: the order they were created in, as Camunda 8 breaks ties by key
    assertThat(items)
        .extracting(ElementInstance::getElementId)
        .containsSubsequence("start", "first", "second", "end");
    assertThat(items)
        .extracting(ElementInstance::getElementInstanceKey)
        .isSortedAccordingTo(Long::compare);
  }

  @Test
  void shouldAnswerALongPollEmptyAtItsRequestTimeout() {
    // when
    var jobs =
        client
            .newActivateJobsCommand()
            .jobType("st-nothing")
            .maxJobsToActivate(1)
            .requestTimeout(Duration.ofMillis(300))
            .send()
            .join()
            .getJobs();

    // then
    assertThat(jobs).isEmpty();
  }

  @Test
  void shouldMakeAFailedJobActivatableAgainWithItsRetriesLeft() {
    // given
    start("service-tasks", Map.of());
    ActivatedJob job = activateOne("st-first");

    // when
    client.newFailCommand(job).retries(1).errorMessage("flaky").send().join();

    // then
    assertThat(activateOne("st-first").getRetries()).isEqualTo(1);
  }

  @Test
  void shouldHoldAFailedJobBackUntilItsBackOffHasPassed() {
    // given
    start("service-tasks", Map.of());
    ActivatedJob job = activateOne("st-first");
    client.newFailCommand(job).retries(1).retryBackoff(Duration.ofMinutes(1)).send().join();
    assertThat(activate("st-first")).isEmpty();

    // when
    moveClock(Duration.ofMinutes(2));

    // then
    assertThat(activateOne("st-first").getKey()).isEqualTo(job.getKey());
  }

  @Test
  void shouldReactivateATimedOutJobWithoutUsingARetry() {
    // given
    start("service-tasks", Map.of());
    ActivatedJob job = activateOne("st-first");

    // when
    moveClock(Duration.ofMinutes(6));

    // then
    ActivatedJob again = activateOne("st-first");
    assertThat(again.getKey()).isEqualTo(job.getKey());
    assertThat(again.getRetries()).isEqualTo(2);
  }

  @Test
  void shouldOpenAnIncidentWhenAJobHasNoRetriesLeft() {
    // given
    long instance = start("service-tasks", Map.of());
    ActivatedJob job = activateOne("st-first");

    // when
    client.newFailCommand(job).retries(0).errorMessage("disk full").send().join();

    // then
    assertThat(incidents(instance))
        .singleElement()
        .satisfies(
            incident -> {
              assertThat(incident.getErrorType()).isEqualTo(IncidentErrorType.JOB_NO_RETRIES);
              assertThat(incident.getErrorMessage()).isEqualTo("disk full");
              assertThat(incident.getJobKey()).isEqualTo(job.getKey());
            });
    assertThat(activate("st-first")).isEmpty();
  }

  @Test
  void shouldContinueAfterRetriesAreUpdatedAndTheIncidentResolved() {
    // given
    long instance = start("service-tasks", Map.of());
    ActivatedJob job = activateOne("st-first");
    client.newFailCommand(job).retries(0).errorMessage("disk full").send().join();
    long incident = incidents(instance).get(0).getIncidentKey();

    // when
    client.newUpdateRetriesCommand(job.getKey()).retries(3).send().join();
    client.newResolveIncidentCommand(incident).send().join();

    // then
    assertThat(activateOne("st-first").getRetries()).isEqualTo(3);
  }

  @Test
  void shouldRejectCompletingAJobThatDoesNotExist() {
    // given
    start("service-tasks", Map.of());
    ActivatedJob job = activateOne("st-first");
    client.newCompleteCommand(job).send().join();

    // when / then
    assertThatThrownBy(() -> client.newCompleteCommand(job).send().join())
        .isInstanceOf(ProblemException.class)
        .satisfies(e -> assertThat(((ProblemException) e).details().getStatus()).isEqualTo(404))
        .hasMessageContaining("Expected to complete job with key");
  }

  @Test
  void shouldKeepAJobWhoseTimeoutWasExtended() {
    // given
    start("service-tasks", Map.of());
    ActivatedJob job = activateOne("st-first");

    // when
    client.newUpdateTimeoutCommand(job.getKey()).timeout(Duration.ofMinutes(30)).send().join();
    moveClock(Duration.ofMinutes(10));

    // then
    assertThat(activate("st-first")).isEmpty();
  }

  @Test
  void shouldStartAnInstanceByProcessDefinitionKey() {
    // given
    long definitionKey =
        client
            .newDeployResourceCommand()
            .addResourceFromClasspath("bpmn/service-tasks.bpmn")
            .send()
            .join()
            .getProcesses()
            .get(0)
            .getProcessDefinitionKey();

    // when
    long instance =
        client
            .newCreateInstanceCommand()
            .processDefinitionKey(definitionKey)
            .send()
            .join()
            .getProcessInstanceKey();
    client.newCancelInstanceCommand(instance).send().join();

    // then
    assertThat(state(instance)).isEqualTo(ProcessInstanceState.TERMINATED);
  }
}
