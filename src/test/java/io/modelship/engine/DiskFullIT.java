package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.search.response.ProcessInstance;
import io.modelship.servers.SmallDisk;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's data folder runs out of space (a small tmpfs of its own, filled to the byte): the
 * command that could not be made durable is refused with a 503 that names the folder and the disk's
 * error, and so is every later one, rather than acknowledging what would not survive; health says
 * DOWN. Once space is back and the engine restarted on the same folder, everything acknowledged
 * before is there, the refused command is not, and commands are taken again.
 */
class DiskFullIT {

  private final Path log = Path.of("target", "disk-full-it.log");

  @Test
  void shouldRefuseWhatItCannotMakeDurableAndLoseNothingOnceSpaceIsBack() throws Exception {
    try (SmallDisk disk = SmallDisk.mount(8)) {
      Path data = disk.root().resolve("engine");
      List<Long> acknowledged = new ArrayList<>();
      try (EngineProcess engine = EngineProcess.start(data, log);
          CamundaClient client = engine.client()) {
        // given: instances acknowledged while there is space
        client
            .newDeployResourceCommand()
            .addResourceFromClasspath("bpmn/service-tasks.bpmn")
            .send()
            .join();
        for (int i = 0; i < 5; i++) {
          acknowledged.add(create(client));
        }
        // when: the disk is full
        disk.fill();
        ProblemException refused =
            catchThrowableOfType(ProblemException.class, () -> create(client));
        // then: a clear refusal, and no more commands until restarted
        assertThat(refused).as("the create on a full disk").isNotNull();
        assertThat(refused.code()).isEqualTo(503);
        assertThat(refused.details().getDetail())
            .contains("No space left on device")
            .contains(data.toString());
        ProblemException after = catchThrowableOfType(ProblemException.class, () -> create(client));
        assertThat(after).isNotNull();
        assertThat(after.code()).isEqualTo(503);
        assertThat(health(engine)).isEqualTo(503);
        disk.free();
      }
      // when: space is back and the engine restarted on the same folder
      try (EngineProcess engine = EngineProcess.start(data, log);
          CamundaClient client = engine.client()) {
        // then: what was acknowledged is there, the refused create is not, and creates work
        List<Long> present =
            client
                .newProcessInstanceSearchRequest()
                .filter(f -> f.processDefinitionId("service-tasks"))
                .send()
                .join()
                .items()
                .stream()
                .map(ProcessInstance::getProcessInstanceKey)
                .toList();
        assertThat(present).containsExactlyInAnyOrderElementsOf(acknowledged);
        assertThat(create(client)).isGreaterThan(acknowledged.get(acknowledged.size() - 1));
        assertThat(health(engine)).isEqualTo(200);
      }
    }
  }

  private static long create(CamundaClient client) {
    return client
        .newCreateInstanceCommand()
        .bpmnProcessId("service-tasks")
        .latestVersion()
        .send()
        .join()
        .getProcessInstanceKey();
  }

  private static int health(EngineProcess engine) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(engine.address() + "/actuator/health/readiness"))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
