package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** Bad requests get a 4xx problem+json that names what is wrong, and change nothing. */
class BadInputIT extends EngineITSupport {

  @Value("${modelship.engine.port}")
  int enginePort;

  @Value("${local.server.port}")
  int appPort;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(int port, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldAnswerMalformedJsonWithBadRequest() throws Exception {
    // when
    var response = post(enginePort, "/v2/process-instances", "{\"processDefinitionId\": ");

    // then
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
    assertThat(response.body()).contains("Expected a JSON");
  }

  @Test
  void shouldAnswerAnUnknownFieldWithBadRequest() throws Exception {
    // when
    var response = post(enginePort, "/v2/process-instances", "{\"processDefinitionIdd\": \"x\"}");

    // then
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("processDefinitionIdd");
  }

  @Test
  void shouldAnswerAnUnknownProcessWithNotFound() throws Exception {
    // when
    var response = post(enginePort, "/v2/process-instances", "{\"processDefinitionId\": \"nope\"}");

    // then
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body())
        .contains("Expected to find process definition with process ID 'nope'");
  }

  @Test
  void shouldAnswerANonNumericKeyWithBadRequest() throws Exception {
    // when
    var response = post(enginePort, "/v2/jobs/abc/completion", "{}");

    // then
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Expected jobKey to be a numeric key, but found 'abc'");
  }

  @Test
  void shouldAnswerCancellingAFinishedInstanceWithNotFoundAndChangeNothing() throws Exception {
    // given
    deploy("call-child.bpmn");
    long instance = start("call-child", Map.of());
    client.newCancelInstanceCommand(instance).send().join();

    // when
    var response = post(enginePort, "/v2/process-instances/" + instance + "/cancellation", "{}");

    // then
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(state(instance))
        .isEqualTo(io.camunda.client.api.search.enums.ProcessInstanceState.TERMINATED);
  }

  @Test
  void shouldRefuseAnOversizePayload() throws Exception {
    // when
    var response =
        post(
            enginePort,
            "/v2/messages/publication",
            "{\"name\":\"m\",\"variables\":{\"x\":\"" + "y".repeat(5 * 1024 * 1024) + "\"}}");

    // then
    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void shouldRefuseAnOversizeChunkedPayloadWhileReadingIt() throws Exception {
    // given: a body that declares no length (chunked), so only counting can catch it
    byte[] body =
        ("{\"name\":\"m\",\"variables\":{\"x\":\"" + "y".repeat(5 * 1024 * 1024) + "\"}}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    // when
    var response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + enginePort + "/v2/messages/publication"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    // then
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("Expected a request body of at most 4194304 bytes");
  }

  @Test
  void shouldServeTheEngineApiOnlyOnItsOwnPort() throws Exception {
    // when
    var onAppPort = post(appPort, "/v2/process-instances", "{}");

    // then
    assertThat(onAppPort.statusCode()).isEqualTo(404);
  }
}
