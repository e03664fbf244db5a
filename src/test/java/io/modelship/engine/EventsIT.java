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
 * Issue 8's BPMN, through the client: script and receive tasks, message and non-interrupting timer
 * boundary events, signals (catch, boundary, start, throw, broadcast), message start events, the
 * event-based gateway, and errors caught far from where they are thrown.
 */
class EventsIT extends EngineITSupport {

  private void broadcast(String signal, Map<String, Object> variables) {
    client.newBroadcastSignalCommand().signalName(signal).variables(variables).send().join();
  }

  @Test
  void shouldEvaluateAScriptTaskIntoItsResultVariable() {
    // given
    deploy("script-task.bpmn");

    // when
    start("script-task", Map.of("a", 2, "b", 3));

    // then
    assertThat(activateOne("sc-after").getVariablesAsMap()).containsEntry("total", 5);
  }

  @Test
  void shouldCompleteAReceiveTaskWithItsMessage() {
    // given
    deploy("receive-task.bpmn");
    long instance = start("receive-task", Map.of("orderId", "o-1"));
    assertThat(activate("rt-after")).isEmpty();

    // when
    publish("paid", "o-1", Map.of("amount", 10));

    // then
    assertThat(activateOne("rt-after").getVariablesAsMap()).containsEntry("amount", 10);
    assertThat(elementState(instance, "wait")).isEqualTo(ElementInstanceState.COMPLETED);
  }

  @Test
  void shouldTakeNonInterruptingMessageBoundariesEachTimeAndAnInterruptingOneOnce() {
    // given
    deploy("message-boundary.bpmn");
    long instance = start("message-boundary", Map.of("orderId", "o-2"));

    // when
    publish("remind", "o-2", Map.of());
    publish("remind", "o-2", Map.of());
    List<ActivatedJob> nudges = activate("mb-nudge");
    publish("cancel", "o-2", Map.of("reason", "customer"));

    // then
    assertThat(nudges).hasSize(2);
    assertThat(activate("mb-work")).isEmpty();
    assertThat(elementState(instance, "work")).isEqualTo(ElementInstanceState.TERMINATED);
    assertThat(elementState(instance, "cancel-end")).isEqualTo(ElementInstanceState.COMPLETED);
    assertThat(variable(instance, "reason")).isEqualTo("\"customer\"");
    nudges.forEach(j -> client.newCompleteCommand(j).send().join());
    assertThat(state(instance)).isEqualTo(ProcessInstanceState.COMPLETED);
  }

  @Test
  void shouldFireANonInterruptingTimerCycleWhileTheActivityRuns() {
    // given
    deploy("timer-boundary-cycle.bpmn");
    Instant now = Instant.now();
    client.newPinClockCommand().time(now).send().join();
    long instance = start("timer-boundary-cycle", Map.of());

    // when / then: R2/PT1H fires after one hour and after two, then no more
    client.newPinClockCommand().time(now.plus(Duration.ofMinutes(61))).send().join();
    complete("tb-escalate", Map.of());
    client.newPinClockCommand().time(now.plus(Duration.ofMinutes(121))).send().join();
    complete("tb-escalate", Map.of());
    client.newPinClockCommand().time(now.plus(Duration.ofMinutes(300))).send().join();
    assertThat(activate("tb-escalate")).isEmpty();
    assertThat(elementState(instance, "work")).isEqualTo(ElementInstanceState.ACTIVE);
  }

  @Test
  void shouldCatchBroadcastAndThrownSignals() {
    // given
    deploy("signals.bpmn");
    long waiting = start("signal-catch", Map.of());

    // when: broadcast through the API, then thrown by another process
    broadcast("go", Map.of("by", "api"));
    ActivatedJob went = activateOne("sg-went");
    start("signal-throw", Map.of());

    // then
    assertThat(went.getVariablesAsMap()).containsEntry("by", "api");
    assertThat(elementState(waiting, "work")).isEqualTo(ElementInstanceState.TERMINATED);
    assertThat(elementState(waiting, "stop-end")).isEqualTo(ElementInstanceState.COMPLETED);
  }

  @Test
  void shouldStartAnInstanceAtASignalStartEvent() {
    // given
    deploy("signals.bpmn");

    // when
    broadcast("kick-off", Map.of("batch", 42));

    // then
    ActivatedJob kicked = activateOne("sg-kicked");
    track(kicked.getProcessInstanceKey());
    assertThat(kicked.getVariablesAsMap()).containsEntry("batch", 42);
  }

  @Test
  void shouldStartAnInstanceAtAMessageStartEvent() {
    // given
    deploy("message-start.bpmn");

    // when
    publish("order-placed", "o-7", Map.of("orderId", "o-7"));

    // then
    ActivatedJob job = activateOne("ms-handle");
    track(job.getProcessInstanceKey());
    assertThat(job.getVariablesAsMap()).containsEntry("orderId", "o-7");
    assertThat(elementState(job.getProcessInstanceKey(), "placed"))
        .isEqualTo(ElementInstanceState.COMPLETED);
  }

  @Test
  void shouldFollowTheFirstEventAfterAnEventBasedGateway() {
    // given
    deploy("event-gateway.bpmn");
    Instant now = Instant.now();
    client.newPinClockCommand().time(now).send().join();
    long answered = start("event-gateway", Map.of("requestId", "r-1"));
    long silent = start("event-gateway", Map.of("requestId", "r-2"));

    // when
    publish("answer", "r-1", Map.of("answer", "yes"));
    client.newPinClockCommand().time(now.plus(Duration.ofMinutes(61))).send().join();

    // then
    ActivatedJob onAnswer = activateOne("eg-answer");
    assertThat(onAnswer.getProcessInstanceKey()).isEqualTo(answered);
    assertThat(onAnswer.getVariablesAsMap()).containsEntry("answer", "yes");
    assertThat(activateOne("eg-timeout").getProcessInstanceKey()).isEqualTo(silent);
    assertThat(elementState(answered, "timed-out")).isNull();
  }

  @Test
  void shouldCatchAnErrorThrownDeepInsideAtASubProcessBoundary() {
    // given: the error is thrown by a job of a process called from a sub-process in a sub-process
    deploy("deep-errors.bpmn");
    long instance = start("deep-errors", Map.of());
    ActivatedJob child = activateOne("de-child");

    // when
    client
        .newThrowErrorCommand(child)
        .errorCode("BOOM")
        .variables(Map.of("cause", "deep"))
        .send()
        .join();

    // then
    assertThat(activateOne("de-handle").getVariablesAsMap()).containsEntry("cause", "deep");
    assertThat(elementState(instance, "outer")).isEqualTo(ElementInstanceState.TERMINATED);
    assertThat(state(child.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.TERMINATED);
  }
}
