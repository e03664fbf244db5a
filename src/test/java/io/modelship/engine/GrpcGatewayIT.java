package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.enums.JobKind;
import io.camunda.client.api.search.enums.ListenerEventType;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * The engine's gRPC gateway through the real client with REST turned off for commands: deploy,
 * create, activate (long poll), complete, fail, throw error, publish, cancel, and job push ({@code
 * StreamActivatedJobs}); execution listener jobs say what they are. Searches stay on REST, as they
 * are in Camunda 8.
 */
class GrpcGatewayIT extends EngineITSupport {

  @Value("${modelship.engine.port}")
  int restPort;

  @Value("${modelship.engine.grpc-port}")
  int grpcPort;

  private CamundaClient grpc;

  @BeforeEach
  void grpcClient() {
    grpc =
        CamundaClient.newClientBuilder()
            .restAddress(URI.create("http://127.0.0.1:" + restPort))
            .grpcAddress(URI.create("http://127.0.0.1:" + grpcPort))
            .preferRestOverGrpc(false)
            .build();
  }

  @AfterEach
  void closeGrpcClient() {
    grpc.close();
  }

  private long startOverGrpc(String resource, String processId, Map<String, Object> variables) {
    grpc.newDeployResourceCommand().addResourceFromClasspath("bpmn/" + resource).send().join();
    return track(
        grpc.newCreateInstanceCommand()
            .bpmnProcessId(processId)
            .latestVersion()
            .variables(variables)
            .send()
            .join()
            .getProcessInstanceKey());
  }

  private ActivatedJob activateOverGrpc(String type) {
    List<ActivatedJob> jobs =
        grpc.newActivateJobsCommand()
            .jobType(type)
            .maxJobsToActivate(1)
            .requestTimeout(Duration.ofSeconds(5))
            .send()
            .join()
            .getJobs();
    assertThat(jobs).as("jobs of type %s", type).hasSize(1);
    return jobs.get(0);
  }

  @Test
  void shouldHandOutExecutionListenerJobsOverGrpc() {
    // given
    long instance = startOverGrpc("execution-listeners.bpmn", "el-process", Map.of());

    // when
    ActivatedJob listener = activateOverGrpc("el-process-start");

    // then
    assertThat(listener.getKind()).isEqualTo(JobKind.EXECUTION_LISTENER);
    assertThat(listener.getListenerEventType()).isEqualTo(ListenerEventType.START);
    assertThat(listener.getProcessInstanceKey()).isEqualTo(instance);
    grpc.newCompleteCommand(listener).send().join();
    assertThat(activateOverGrpc("el-before-1").getKind()).isEqualTo(JobKind.EXECUTION_LISTENER);
  }

  @Test
  void shouldDeployAFormOverGrpcAsOverRest() {
    // given
    String formId = "grpc-form-" + System.nanoTime();
    String schema = "{\"id\": \"" + formId + "\", \"components\": []}";

    // when
    var overGrpc =
        grpc.newDeployResourceCommand()
            .addResourceString(schema, java.nio.charset.StandardCharsets.UTF_8, "grpc.form")
            .send()
            .join()
            .getForm();
    var overRest =
        client
            .newDeployResourceCommand()
            .addResourceString(schema, java.nio.charset.StandardCharsets.UTF_8, "grpc.form")
            .send()
            .join()
            .getForm();

    // then: the same form version, as the content is the same
    assertThat(overGrpc).hasSize(1);
    assertThat(overGrpc.get(0).getFormId()).isEqualTo(formId);
    assertThat(overGrpc.get(0).getVersion()).isEqualTo(1);
    assertThat(overGrpc.get(0).getResourceName()).isEqualTo("grpc.form");
    assertThat(overRest.get(0).getFormKey()).isEqualTo(overGrpc.get(0).getFormKey());
  }

  @Test
  void shouldRunAProcessThroughGrpcCommands() {
    // given
    long instance = startOverGrpc("service-tasks.bpmn", "service-tasks", Map.of("order", 7));

    // when
    ActivatedJob first = activateOverGrpc("st-first");
    grpc.newCompleteCommand(first).variables(Map.of("result", "ok")).send().join();
    ActivatedJob second = activateOverGrpc("st-second");
    grpc.newCompleteCommand(second).send().join();

    // then
    assertThat(first.getVariablesAsMap()).containsEntry("order", 7);
    assertThat(first.getCustomHeaders()).containsEntry("kind", "one");
    assertThat(second.getVariablesAsMap()).containsEntry("result", "ok");
    assertThat(state(instance)).isEqualTo(ProcessInstanceState.COMPLETED);
  }

  @Test
  void shouldPushJobsToAStreamingWorkerAsTheyAreCreated() {
    // given: a worker that streams (job push) and never polls in the meantime
    List<ActivatedJob> received = new CopyOnWriteArrayList<>();
    try (var worker =
        grpc.newWorker()
            .jobType("st-first")
            .handler(
                (jobClient, job) -> {
                  received.add(job);
                  jobClient.newCompleteCommand(job).send().join();
                })
            .streamEnabled(true)
            .pollInterval(Duration.ofHours(1))
            .requestTimeout(Duration.ofMillis(100))
            .open()) {
      // let the worker's one poll pass and its stream open
      Awaitility.await().pollDelay(1, TimeUnit.SECONDS).until(() -> true);

      // when
      long instance = startOverGrpc("service-tasks.bpmn", "service-tasks", Map.of());

      // then
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !received.isEmpty());
      assertThat(received.get(0).getProcessInstanceKey()).isEqualTo(instance);
      assertThat(activate("st-second")).hasSize(1);
    }
  }

  @Test
  void shouldFailThrowErrorsAndPublishOverGrpc() {
    // given
    long instance = startOverGrpc("service-tasks.bpmn", "service-tasks", Map.of());
    ActivatedJob job = activateOverGrpc("st-first");

    // when
    grpc.newFailCommand(job).retries(1).errorMessage("flaky").send().join();
    ActivatedJob again = activateOverGrpc("st-first");
    grpc.newThrowErrorCommand(again).errorCode("NOT_CAUGHT").send().join();
    long message =
        grpc.newPublishMessageCommand()
            .messageName("approved")
            .correlationKey("order-9")
            .timeToLive(Duration.ofMinutes(1))
            .send()
            .join()
            .getMessageKey();
    grpc.newCancelInstanceCommand(instance).send().join();

    // then
    assertThat(again.getRetries()).isEqualTo(1);
    assertThat(incidents(instance))
        .singleElement()
        .satisfies(i -> assertThat(i.getErrorMessage()).contains("NOT_CAUGHT"));
    assertThat(message).isPositive();
    assertThat(state(instance)).isEqualTo(ProcessInstanceState.TERMINATED);
  }

  @Test
  void shouldAnswerARefusedCommandWithItsGrpcStatus() {
    // when / then
    assertThatThrownBy(() -> grpc.newCompleteCommand(42L).send().join())
        .isInstanceOf(ClientStatusException.class)
        .hasMessageContaining("Expected to complete job with key '42'")
        .satisfies(
            e ->
                assertThat(((ClientStatusException) e).getStatusCode().name())
                    .isEqualTo("NOT_FOUND"));
    assertThatThrownBy(
            () ->
                grpc.newCreateInstanceCommand().bpmnProcessId("nope").latestVersion().send().join())
        .hasMessageContaining("Expected to find process definition with process ID 'nope'");
  }
}
