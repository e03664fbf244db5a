package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.enums.IncidentErrorType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the packaged jar, kills it with {@code kill -9} right after a 2xx, restarts it on the same
 * data folder, and checks that everything acknowledged is still there.
 */
class DurabilityIT {

  @TempDir Path data;

  private final Path log = Path.of("target", "durability-it.log");

  private static List<ActivatedJob> activate(CamundaClient client, String type) {
    return client
        .newActivateJobsCommand()
        .jobType(type)
        .maxJobsToActivate(10)
        .requestTimeout(Duration.ofSeconds(2))
        .send()
        .join()
        .getJobs();
  }

  @Test
  void shouldContinueWithTheNextJobAndItsVariablesAfterKillDashNine() throws Exception {
    // given
    try (EngineProcess engine = EngineProcess.start(data, log);
        CamundaClient client = engine.client()) {
      client
          .newDeployResourceCommand()
          .addResourceFromClasspath("bpmn/service-tasks.bpmn")
          .send()
          .join();
      client
          .newCreateInstanceCommand()
          .bpmnProcessId("service-tasks")
          .latestVersion()
          .variables(Map.of("order", 7))
          .send()
          .join();
      ActivatedJob first = activate(client, "st-first").get(0);

      // when
      client.newCompleteCommand(first).variables(Map.of("result", "done")).send().join();
      engine.kill();
    }

    // then
    try (EngineProcess engine = EngineProcess.start(data, log);
        CamundaClient client = engine.client()) {
      List<ActivatedJob> next = activate(client, "st-second");
      assertThat(next).hasSize(1);
      assertThat(next.get(0).getVariablesAsMap())
          .containsEntry("order", 7)
          .containsEntry("result", "done");
      assertThat(activate(client, "st-first")).isEmpty();
    }
  }

  @Test
  void shouldKeepOpenJobsTimersBufferedMessagesAndIncidentsAcrossKillDashNine() throws Exception {
    // given
    long incidentInstance;
    try (EngineProcess engine = EngineProcess.start(data, log);
        CamundaClient client = engine.client()) {
      client
          .newDeployResourceCommand()
          .addResourceFromClasspath("bpmn/service-tasks.bpmn")
          .addResourceFromClasspath("bpmn/timer-catch.bpmn")
          .addResourceFromClasspath("bpmn/message-catch.bpmn")
          .send()
          .join();
      incidentInstance =
          client
              .newCreateInstanceCommand()
              .bpmnProcessId("service-tasks")
              .latestVersion()
              .send()
              .join()
              .getProcessInstanceKey();
      client
          .newFailCommand(activate(client, "st-first").get(0))
          .retries(0)
          .errorMessage("boom")
          .send()
          .join();
      client
          .newCreateInstanceCommand()
          .bpmnProcessId("service-tasks")
          .latestVersion()
          .send()
          .join();
      client.newCreateInstanceCommand().bpmnProcessId("timer-catch").latestVersion().send().join();
      client
          .newPublishMessageCommand()
          .messageName("approved")
          .correlationKey("order-1")
          .timeToLive(Duration.ofHours(1))
          .send()
          .join();

      // when
      engine.kill();
    }

    // then
    try (EngineProcess engine = EngineProcess.start(data, log);
        CamundaClient client = engine.client()) {
      assertThat(activate(client, "st-first")).hasSize(1);
      var incidents =
          client
              .newIncidentSearchRequest()
              .filter(f -> f.processInstanceKey(incidentInstance))
              .send()
              .join()
              .items();
      assertThat(incidents)
          .singleElement()
          .satisfies(i -> assertThat(i.getErrorType()).isEqualTo(IncidentErrorType.JOB_NO_RETRIES));
      client
          .newCreateInstanceCommand()
          .bpmnProcessId("message-catch")
          .latestVersion()
          .variables(Map.of("orderId", "order-1"))
          .send()
          .join();
      assertThat(activate(client, "mc-after")).hasSize(1);
      client.newPinClockCommand().time(Instant.now().plus(Duration.ofHours(2))).send().join();
      assertThat(activate(client, "tc-after")).hasSize(1);
    }
  }
}
