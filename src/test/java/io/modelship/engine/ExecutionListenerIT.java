package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.enums.ElementInstanceState;
import io.camunda.client.api.search.enums.IncidentErrorType;
import io.camunda.client.api.search.enums.JobKind;
import io.camunda.client.api.search.enums.ListenerEventType;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.response.Incident;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code zeebe:executionListeners} through the client ({@code bpmn/execution-listeners.bpmn}):
 * start and end listeners of the process, a service task, a sub-process, a throw event and a
 * gateway, run as jobs one after another around the element's own work.
 */
class ExecutionListenerIT extends EngineITSupport {

  private void completeJob(ActivatedJob job, Map<String, Object> variables) {
    client.newCompleteCommand(job).variables(variables).send().join();
  }

  @Test
  void shouldRunStartListenersBeforeTheElementAndEndListenersAfterIt() {
    // given
    deploy("execution-listeners.bpmn");
    long instance = start("el-process", Map.of());

    // when / then: the process's start listener runs before its start event
    ActivatedJob processStart = activateOne("el-process-start");
    assertThat(processStart.getKind()).isEqualTo(JobKind.EXECUTION_LISTENER);
    assertThat(processStart.getListenerEventType()).isEqualTo(ListenerEventType.START);
    assertThat(elementState(instance, "start")).isNull();
    completeJob(processStart, Map.of());

    // the task's start listeners run in order, each seeing what the one before set
    ActivatedJob first = activateOne("el-before-1");
    assertThat(first.getCustomHeaders()).containsEntry("team", "ml");
    assertThat(activate("el-before-2")).isEmpty();
    completeJob(first, Map.of("x", 1));
    ActivatedJob second = activateOne("el-before-2");
    assertThat(second.getVariablesAsMap()).containsEntry("x", 1);
    assertThat(second.getRetries()).isEqualTo(1);
    assertThat(activate("el-work")).isEmpty();
    completeJob(second, Map.of("y", 2));

    // the task's own job sees the listeners' variables, local to it
    ActivatedJob work = activateOne("el-work");
    assertThat(work.getKind()).isEqualTo(JobKind.BPMN_ELEMENT);
    assertThat(work.getVariablesAsMap()).containsEntry("x", 1).containsEntry("y", 2);
    completeJob(work, Map.of("result", "done"));
    ActivatedJob after = activateOne("el-after");
    assertThat(after.getListenerEventType()).isEqualTo(ListenerEventType.END);
    assertThat(elementState(instance, "work")).isEqualTo(ElementInstanceState.ACTIVE);
    assertThat(elementState(instance, "group")).isNull();
    completeJob(after, Map.of("checked", true));

    // a sub-process, a throw event and a gateway whose start listener decides the path
    complete("el-group-start", Map.of());
    complete("el-mark-end", Map.of());
    complete("el-route", Map.of("path", "a"));

    // the process's end listener runs last
    assertThat(state(instance)).isEqualTo(ProcessInstanceState.ACTIVE);
    complete("el-process-end", Map.of());
    assertThat(state(instance)).isEqualTo(ProcessInstanceState.COMPLETED);
    assertThat(elementState(instance, "end-a")).isEqualTo(ElementInstanceState.COMPLETED);
    assertThat(variable(instance, "checked")).as("an end listener's variables").isEqualTo("true");
    assertThat(variable(instance, "result")).isEqualTo("\"done\"");
    assertThat(variable(instance, "x")).as("a start listener's variables stay local").isNull();
  }

  @Test
  void shouldOpenAnIncidentForAFailedListenerAndRetryOnlyThatListener() {
    // given
    deploy("execution-listeners.bpmn");
    long instance = start("el-process", Map.of());
    complete("el-process-start", Map.of());
    complete("el-before-1", Map.of());

    // when
    ActivatedJob second = activateOne("el-before-2");
    client.newFailCommand(second).retries(0).errorMessage("unavailable").send().join();

    // then
    List<Incident> open = incidents(instance);
    assertThat(open).hasSize(1);
    assertThat(open.get(0).getErrorType())
        .isEqualTo(IncidentErrorType.EXECUTION_LISTENER_NO_RETRIES);
    client.newUpdateRetriesCommand(second.getKey()).retries(1).send().join();
    client.newResolveIncidentCommand(open.get(0).getIncidentKey()).send().join();
    assertThat(activate("el-before-1")).isEmpty();
    complete("el-before-2", Map.of());
    assertThat(activateOne("el-work").getProcessInstanceKey()).isEqualTo(instance);
  }

  @Test
  void shouldRejectABpmnErrorFromAListenerJob() {
    // given
    deploy("execution-listeners.bpmn");
    long instance = start("el-process", Map.of());
    ActivatedJob listener = activateOne("el-process-start");

    // when / then
    assertThatThrownBy(() -> client.newThrowErrorCommand(listener).errorCode("NOPE").send().join())
        .hasMessageContaining("execution listener");
    assertThat(state(instance)).isEqualTo(ProcessInstanceState.ACTIVE);
    completeJob(listener, Map.of());
    assertThat(activateOne("el-before-1").getProcessInstanceKey()).isEqualTo(instance);
  }

  @Test
  void shouldRunAMultiInstanceActivitysListenersOnceAroundTheBody() {
    // given
    deploy("execution-listeners.bpmn");
    long instance = start("el-multi", Map.of());

    // when
    complete("el-items-start", Map.of());

    // then
    assertThat(activate("el-item")).hasSize(2);
    assertThat(activate("el-items-start")).isEmpty();
    assertThat(state(instance)).isEqualTo(ProcessInstanceState.ACTIVE);
  }

  @Test
  void shouldRejectAStartListenerOnAStartEventAsZeebeDoes() {
    // given
    String bpmn =
        """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
          <bpmn:process id="el-bad" isExecutable="true">
            <bpmn:startEvent id="start">
              <bpmn:extensionElements>
                <zeebe:executionListeners>
                  <zeebe:executionListener eventType="start" type="too-early"/>
                </zeebe:executionListeners>
              </bpmn:extensionElements>
            </bpmn:startEvent>
          </bpmn:process>
        </bpmn:definitions>
        """;

    // when / then
    assertThatThrownBy(
            () ->
                client
                    .newDeployResourceCommand()
                    .addResourceString(bpmn, java.nio.charset.StandardCharsets.UTF_8, "el-bad.bpmn")
                    .send()
                    .join())
        .hasMessageContaining("element 'start'")
        .hasMessageContaining("execution listeners of type 'start'");
  }
}
