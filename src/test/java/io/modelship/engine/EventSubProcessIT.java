package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.enums.ElementInstanceState;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Event sub-processes through the client: message, signal, timer and error start events,
 * interrupting and not, inside a process and inside a sub-process ({@code
 * bpmn/event-sub-processes.bpmn}).
 */
class EventSubProcessIT extends EngineITSupport {

  private void throwError(ActivatedJob job, String code, Map<String, Object> variables) {
    client.newThrowErrorCommand(job).errorCode(code).variables(variables).send().join();
  }

  @Test
  void shouldRunNonInterruptingEventSubProcessesBesideTheFlowUntilAnInterruptingOneEndsThemAll() {
    // given
    deploy("event-sub-processes.bpmn");
    long instance = start("esp-events", Map.of("orderId", "o-1"));

    // when: two notes arrive, then a cancellation
    publish("esp-note", "o-1", Map.of("note", "first"));
    publish("esp-note", "o-1", Map.of("note", "second"));
    List<ActivatedJob> notes = activate("esp-noted");
    publish("esp-cancel", "o-1", Map.of("reason", "customer"));

    // then
    assertThat(notes).as("one instance per note").hasSize(2);
    assertThat(variable(instance, "note"))
        .as("a message's variables merge into the process, as Zeebe's do")
        .isEqualTo("\"second\"");
    ActivatedJob undo = activateOne("esp-cancelled");
    assertThat(undo.getVariablesAsMap()).containsEntry("reason", "customer");
    assertThat(elementState(instance, "work")).isEqualTo(ElementInstanceState.TERMINATED);
    assertThat(elementState(instance, "on-note")).isEqualTo(ElementInstanceState.TERMINATED);
    publish("esp-note", "o-1", Map.of("note", "third"));
    moveClock(Duration.ofHours(3));
    assertThat(activate("esp-noted")).isEmpty();
    assertThat(activate("esp-remind")).as("the timer event sub-process is closed").isEmpty();
    client.newCompleteCommand(undo).send().join();
    assertThat(state(instance)).isEqualTo(ProcessInstanceState.COMPLETED);
  }

  @Test
  void shouldStartANonInterruptingSignalEventSubProcessOnEachBroadcast() {
    // given
    deploy("event-sub-processes.bpmn");
    long instance = start("esp-events", Map.of("orderId", "o-3"));

    // when
    client.newBroadcastSignalCommand().signalName("esp-ping").send().join();
    client.newBroadcastSignalCommand().signalName("esp-ping").send().join();

    // then
    assertThat(activate("esp-pinged"))
        .extracting(ActivatedJob::getProcessInstanceKey)
        .containsExactly(instance, instance);
    assertThat(elementState(instance, "work")).isEqualTo(ElementInstanceState.ACTIVE);
  }

  @Test
  void shouldFireANonInterruptingTimerCycleWhileItsScopeRunsAndWaitForWhatItStarted() {
    // given
    deploy("event-sub-processes.bpmn");
    Instant now = Instant.now();
    client.newPinClockCommand().time(now).send().join();
    long instance = start("esp-events", Map.of("orderId", "o-2"));

    // when: R2/PT1H fires after one hour and after two, then no more
    client.newPinClockCommand().time(now.plus(Duration.ofMinutes(61))).send().join();
    complete("esp-remind", Map.of());
    client.newPinClockCommand().time(now.plus(Duration.ofMinutes(121))).send().join();
    client.newPinClockCommand().time(now.plus(Duration.ofMinutes(300))).send().join();
    ActivatedJob second = activateOne("esp-remind");
    complete("esp-work", Map.of());

    // then
    assertThat(state(instance))
        .as("the process waits for the event sub-process it started")
        .isEqualTo(ProcessInstanceState.ACTIVE);
    client.newCompleteCommand(second).send().join();
    assertThat(state(instance)).isEqualTo(ProcessInstanceState.COMPLETED);
  }

  @Test
  void shouldCatchAJobsErrorInTheErrorEventSubProcessOfItsSubProcess() {
    // given
    deploy("event-sub-processes.bpmn");
    long instance = start("esp-errors", Map.of());

    // when
    throwError(activateOne("esp-risky"), "RISK", Map.of("cause", "too risky"));

    // then
    ActivatedJob handle = activateOne("esp-handle");
    assertThat(handle.getVariablesAsMap()).containsEntry("cause", "too risky");
    assertThat(elementState(instance, "risky")).isEqualTo(ElementInstanceState.TERMINATED);
    client.newCompleteCommand(handle).send().join();
    assertThat(elementState(instance, "inner")).isEqualTo(ElementInstanceState.COMPLETED);
    complete("esp-after", Map.of());
    assertThat(state(instance)).isEqualTo(ProcessInstanceState.COMPLETED);
  }

  @Test
  void shouldCatchOtherCodesAndErrorsFromAnEventSubProcessInTheProcessCatchAll() {
    // given
    deploy("event-sub-processes.bpmn");
    long other = start("esp-errors", Map.of());
    long again = start("esp-errors", Map.of());
    List<ActivatedJob> risky = activate("esp-risky");
    ActivatedJob otherJob =
        risky.stream().filter(j -> j.getProcessInstanceKey() == other).findFirst().orElseThrow();
    ActivatedJob againJob =
        risky.stream().filter(j -> j.getProcessInstanceKey() == again).findFirst().orElseThrow();

    // when: a code the sub-process does not catch; a caught one thrown again by its handler
    throwError(otherJob, "OTHER", Map.of());
    throwError(againJob, "RISK", Map.of());
    throwError(activateOne("esp-handle"), "RISK", Map.of());

    // then
    List<ActivatedJob> fallbacks = activate("esp-fallback");
    assertThat(fallbacks)
        .extracting(ActivatedJob::getProcessInstanceKey)
        .containsExactlyInAnyOrder(other, again);
    assertThat(elementState(other, "inner")).isEqualTo(ElementInstanceState.TERMINATED);
    assertThat(elementState(again, "on-risk")).isEqualTo(ElementInstanceState.TERMINATED);
    fallbacks.forEach(j -> client.newCompleteCommand(j).send().join());
    assertThat(state(other)).isEqualTo(ProcessInstanceState.COMPLETED);
    assertThat(state(again)).isEqualTo(ProcessInstanceState.COMPLETED);
    assertThat(activate("esp-after")).isEmpty();
  }

  @Test
  void shouldInterruptItsSubProcessWhenATimerEventSubProcessFires() {
    // given
    deploy("event-sub-processes.bpmn");
    Instant now = Instant.now();
    client.newPinClockCommand().time(now).send().join();
    long instance = start("esp-errors", Map.of());

    // when
    client.newPinClockCommand().time(now.plus(Duration.ofHours(3))).send().join();

    // then
    complete("esp-late", Map.of());
    assertThat(activate("esp-risky")).isEmpty();
    assertThat(elementState(instance, "risky")).isEqualTo(ElementInstanceState.TERMINATED);
    complete("esp-after", Map.of());
    assertThat(state(instance)).isEqualTo(ProcessInstanceState.COMPLETED);
  }
}
