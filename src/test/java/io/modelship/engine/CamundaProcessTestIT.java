package io.modelship.engine;

import static io.camunda.process.test.api.CamundaAssert.assertThat;
import static io.camunda.process.test.api.assertions.ElementSelectors.byId;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.process.test.api.CamundaProcessTestContext;
import io.camunda.process.test.api.CamundaSpringProcessTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Camunda Process Test's remote runtime, unchanged, against the embedded engine: its client talks
 * to {@code /v2}, its management client to the engine's monitoring endpoints (clock, purge between
 * tests), and its assertions read the engine's searches. Moving to a real cluster is a change of
 * the two addresses.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "camunda.process-test.runtime-mode=remote",
      "camunda.process-test.remote.client.rest-address=http://127.0.0.1:${modelship.engine.port}",
      "camunda.process-test.remote.client.grpc-address=http://127.0.0.1:${modelship.engine.grpc-port}",
      "camunda.process-test.remote.camunda-monitoring-api-address=http://127.0.0.1:${modelship.engine.port}"
    })
@CamundaSpringProcessTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CamundaProcessTestIT {

  @Autowired CamundaClient client;
  @Autowired CamundaProcessTestContext processTest;

  private ProcessInstanceEvent start(String resource, String processId) {
    client.newDeployResourceCommand().addResourceFromClasspath("bpmn/" + resource).send().join();
    return client
        .newCreateInstanceCommand()
        .bpmnProcessId(processId)
        .latestVersion()
        .variables(Map.of("order", 7))
        .send()
        .join();
  }

  @Test
  @Order(1)
  void shouldAssertAProcessInstanceThroughItsJobs() {
    // given
    ProcessInstanceEvent instance = start("service-tasks.bpmn", "service-tasks");
    assertThat(instance).isActive().hasActiveElements("first").hasVariable("order", 7);

    // when
    processTest.completeJob("st-first", Map.of("result", "ok"));
    processTest.completeJob("st-second");

    // then
    assertThat(instance)
        .isCompleted()
        .hasCompletedElementsInOrder("start", "first", "second", "end")
        .hasVariable("result", "ok")
        .hasNoActiveIncidents();
  }

  @Test
  @Order(2)
  void shouldStartEachTestOnAPurgedEngine() {
    // then: the previous test's instance and deployment are gone
    assertThat(client.newProcessInstanceSearchRequest().send().join().items()).isEmpty();
    assertThat(client.newProcessDefinitionSearchRequest().send().join().items()).isEmpty();
  }

  @Test
  @Order(3)
  void shouldMoveTheEngineClockForTimers() {
    // given
    ProcessInstanceEvent instance = start("timer-catch.bpmn", "timer-catch");
    assertThat(instance).hasActiveElements(byId("wait"));

    // when
    processTest.increaseTime(Duration.ofHours(2));

    // then
    assertThat(instance).hasCompletedElements("wait").hasActiveElements("after");
  }

  @Test
  @Order(4)
  void shouldSeeIncidentsAndResolveThem() {
    // given
    ProcessInstanceEvent instance = start("service-tasks.bpmn", "service-tasks");
    var job =
        client
            .newActivateJobsCommand()
            .jobType("st-first")
            .maxJobsToActivate(1)
            .send()
            .join()
            .getJobs()
            .get(0);
    client.newFailCommand(job).retries(0).errorMessage("disk full").send().join();
    assertThat(instance).hasActiveIncidents();

    // when
    client.newUpdateRetriesCommand(job.getKey()).retries(1).send().join();
    processTest.resolveIncident(
        io.camunda.process.test.api.assertions.IncidentSelectors.byElementId("first"));

    // then
    assertThat(instance).hasNoActiveIncidents().hasActiveElements("first");
  }
}
