package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.enums.ElementInstanceState;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.search.response.Variable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Base of the engine's conformance tests: the whole application with the embedded engine on free
 * ports and a fresh data folder (see {@code src/test/resources/config/application.yaml}), driven
 * only through the real Camunda client. Commands answer after the engine has processed them, so the
 * state is checked right after a command, without waiting.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class EngineITSupport {

  @Autowired protected CamundaClient client;

  private final List<Long> started = new ArrayList<>();

  /** Tests share one engine: cancel what a test left running, so its jobs cannot leak. */
  @AfterEach
  void cleanUp() {
    client.newResetClockCommand().send().join();
    for (long instance : started) {
      if (state(instance) == ProcessInstanceState.ACTIVE) {
        client.newCancelInstanceCommand(instance).send().join();
      }
    }
  }

  /** Cancels this instance after the test if it still runs (for instances started otherwise). */
  protected long track(long processInstanceKey) {
    started.add(processInstanceKey);
    return processInstanceKey;
  }

  protected void deploy(String... resources) {
    var command =
        client.newDeployResourceCommand().addResourceFromClasspath("bpmn/" + resources[0]);
    for (int i = 1; i < resources.length; i++) {
      command = command.addResourceFromClasspath("bpmn/" + resources[i]);
    }
    command.send().join();
  }

  protected long start(String processId, Map<String, Object> variables) {
    long key =
        client
            .newCreateInstanceCommand()
            .bpmnProcessId(processId)
            .latestVersion()
            .variables(variables)
            .send()
            .join()
            .getProcessInstanceKey();
    started.add(key);
    return key;
  }

  /** Activates the jobs of a type that exist now (answers at once when there are some). */
  protected List<ActivatedJob> activate(String type) {
    return client
        .newActivateJobsCommand()
        .jobType(type)
        .maxJobsToActivate(10)
        .timeout(Duration.ofMinutes(5))
        .requestTimeout(Duration.ofMillis(-1))
        .send()
        .join()
        .getJobs();
  }

  protected ActivatedJob activateOne(String type) {
    List<ActivatedJob> jobs = activate(type);
    assertThat(jobs).as("activatable jobs of type %s", type).hasSize(1);
    return jobs.get(0);
  }

  protected void complete(String type, Map<String, Object> variables) {
    client.newCompleteCommand(activateOne(type)).variables(variables).send().join();
  }

  /** The state of a process instance, or null when the engine has none by that key (purged). */
  protected ProcessInstanceState state(long processInstanceKey) {
    var items =
        client
            .newProcessInstanceSearchRequest()
            .filter(f -> f.processInstanceKey(processInstanceKey))
            .send()
            .join()
            .items();
    return items.isEmpty() ? null : items.get(0).getState();
  }

  protected List<Incident> incidents(long processInstanceKey) {
    return client
        .newIncidentSearchRequest()
        .filter(f -> f.processInstanceKey(processInstanceKey))
        .send()
        .join()
        .items();
  }

  /** The value (as JSON) of a process-level variable, or null. */
  protected String variable(long processInstanceKey, String name) {
    List<Variable> items =
        client
            .newVariableSearchRequest()
            .filter(
                f ->
                    f.processInstanceKey(processInstanceKey)
                        .scopeKey(processInstanceKey)
                        .name(name))
            .send()
            .join()
            .items();
    return items.isEmpty() ? null : items.get(0).getValue();
  }

  protected void moveClock(Duration by) {
    client.newPinClockCommand().time(Instant.now().plus(by)).send().join();
  }

  protected List<ElementInstance> elements(long processInstanceKey) {
    return client
        .newElementInstanceSearchRequest()
        .filter(f -> f.processInstanceKey(processInstanceKey))
        .send()
        .join()
        .items();
  }

  protected ElementInstanceState elementState(long processInstanceKey, String elementId) {
    return elements(processInstanceKey).stream()
        .filter(e -> e.getElementId().equals(elementId))
        .map(ElementInstance::getState)
        .findFirst()
        .orElse(null);
  }

  protected void publish(String name, String key, Map<String, Object> variables) {
    client
        .newPublishMessageCommand()
        .messageName(name)
        .correlationKey(key)
        .variables(variables)
        .send()
        .join();
  }
}
