package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * The monitoring endpoints Camunda Process Test's remote runtime calls (a cluster's port 9600), on
 * the engine's port: clock, purge, health; and not on the application's own port.
 */
// Its own application context (and engine): its purge must not wipe what other test classes, which
// share the default context, have deployed.
@org.springframework.test.context.TestPropertySource(
    properties = "modelship.engine.history-size=9999")
class MonitoringIT extends EngineITSupport {

  @Value("${modelship.engine.port}")
  int enginePort;

  @Value("${local.server.port}")
  int appPort;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(int port, String method, String path, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldReadAndMoveTheEngineClock() throws Exception {
    // given
    Instant pinned = Instant.parse("2030-01-01T10:00:00Z");
    client.newPinClockCommand().time(pinned).send().join();

    // when
    var read = send(enginePort, "GET", "/actuator/clock", "");
    var added = send(enginePort, "POST", "/actuator/clock/add", "{\"offsetMilli\": 3600000}");
    var reset = send(enginePort, "DELETE", "/actuator/clock", "");

    // then
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body())
        .contains("\"epochMilli\":" + pinned.toEpochMilli())
        .contains("\"instant\":\"2030-01-01T10:00:00Z\"");
    assertThat(added.statusCode()).isEqualTo(200);
    assertThat(added.body()).contains("\"instant\":\"2030-01-01T11:00:00Z\"");
    assertThat(reset.statusCode()).isEqualTo(200);
    assertThat(Instant.parse(reset.body().replaceAll(".*\"instant\":\"([^\"]+)\".*", "$1")))
        .isBetween(Instant.now().minus(Duration.ofMinutes(1)), Instant.now().plusSeconds(60));
  }

  @Test
  void shouldFireTimersWhenTheClockIsMovedByAnOffset() throws Exception {
    // given
    deploy("timer-catch.bpmn");
    start("timer-catch", Map.of());

    // when
    send(enginePort, "POST", "/actuator/clock/add", "{\"offsetMilli\": 7200000}");

    // then
    assertThat(activate("tc-after")).hasSize(1);
  }

  @Test
  void shouldWipeAllStateOnPurgeAndReportTheChangeInTheTopology() throws Exception {
    // given
    deploy("service-tasks.bpmn");
    start("service-tasks", Map.of());

    // when
    var purge = send(enginePort, "POST", "/actuator/cluster/purge", "");

    // then
    assertThat(purge.statusCode()).isEqualTo(202);
    String changeId = purge.body().replaceAll(".*\"changeId\":(\\d+).*", "$1");
    assertThat(client.newTopologyRequest().send().join().getBrokers()).isNotEmpty();
    assertThat(send(enginePort, "GET", "/v2/topology", "").body())
        .contains("\"lastCompletedChangeId\":\"" + changeId + "\"");
    assertThat(client.newProcessInstanceSearchRequest().send().join().items()).isEmpty();
    assertThat(client.newProcessDefinitionSearchRequest().send().join().items()).isEmpty();
    assertThat(activate("st-first")).isEmpty();
  }

  @Test
  void shouldAnswerHealthOnTheEnginePortOnly() throws Exception {
    // when
    var readiness = send(enginePort, "GET", "/actuator/health/readiness", "");
    var status = send(enginePort, "GET", "/actuator/health/status", "");
    var clockOnAppPort = send(appPort, "GET", "/actuator/clock", "");
    var appReadiness = send(appPort, "GET", "/actuator/health/readiness", "");

    // then
    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(readiness.body()).contains("\"status\":\"UP\"");
    assertThat(status.body()).contains("\"status\":\"UP\"");
    assertThat(clockOnAppPort.statusCode()).isEqualTo(404);
    assertThat(appReadiness.body()).as("the application's own readiness").contains("camundaClient");
  }
}
