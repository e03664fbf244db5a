package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
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

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + enginePort + path));
  }

  private int instancesOf(String processId) {
    return client
        .newProcessInstanceSearchRequest()
        .filter(f -> f.processDefinitionId(processId))
        .send()
        .join()
        .items()
        .size();
  }

  private static void assertProblem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
  }

  @Test
  void shouldRefuseACreateThatAcceptsNoJsonBeforeCreatingTheInstance() throws Exception {
    // given
    deploy("service-tasks.bpmn");
    int before = instancesOf("service-tasks");

    // when
    var response =
        send(
            request("/v2/process-instances")
                .header("Content-Type", "application/json")
                .header("Accept", "text/html")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"processDefinitionId\":\"service-tasks\"}")));

    // then
    assertProblem(response, 406);
    assertThat(response.body()).contains("Expected an Accept header that allows application/json");
    assertThat(instancesOf("service-tasks")).isEqualTo(before);
  }

  @Test
  void shouldRefuseJobCommandsThatAcceptNoJsonBeforeApplyingThem() throws Exception {
    // given
    deploy("service-tasks.bpmn");
    start("service-tasks", Map.of());
    var job = activateOne("st-first");

    // when
    var completion =
        send(
            request("/v2/jobs/" + job.getKey() + "/completion")
                .header("Content-Type", "application/json")
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    var failure =
        send(
            request("/v2/jobs/" + job.getKey() + "/failure")
                .header("Content-Type", "application/json")
                .header("Accept", "text/html;q=0.9, image/png")
                .POST(HttpRequest.BodyPublishers.ofString("{\"retries\":0}")));

    // then: neither was applied, so the job can still be completed
    assertProblem(completion, 406);
    assertProblem(failure, 406);
    client.newCompleteCommand(job.getKey()).send().join();
  }

  @Test
  void shouldRefuseOtherCommandsThatAcceptNoJson() throws Exception {
    for (String path :
        List.of(
            "/v2/jobs/activation",
            "/v2/messages/publication",
            "/v2/messages/correlation",
            "/v2/signals/broadcast",
            "/v2/user-tasks/1/completion",
            "/v2/process-instances/1/cancellation",
            "/v2/deployments")) {
      // when
      var response =
          send(
              request(path)
                  .header("Content-Type", "application/json")
                  .header("Accept", "text/html")
                  .POST(HttpRequest.BodyPublishers.ofString("{}")));

      // then
      assertThat(response.statusCode()).as(path).isEqualTo(406);
      assertThat(response.body()).as(path).contains("\"title\":\"INVALID_ARGUMENT\"");
    }
  }

  @Test
  void shouldServeARequestThatAcceptsJsonAmongOthers() throws Exception {
    // when
    var response =
        send(request("/v2/topology").header("Accept", "text/html, application/*;q=0.5").GET());

    // then
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAnswerAMethodThePathDoesNotServeWithAProblem() throws Exception {
    // when
    var response = send(request("/v2/jobs/123/completion").GET());

    // then
    assertProblem(response, 405);
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    assertThat(response.body())
        .contains("\"title\":\"INVALID_ARGUMENT\"")
        .contains("Expected one of [POST], but got GET")
        .contains("\"instance\":\"/v2/jobs/123/completion\"");
  }

  @Test
  void shouldAnswerAPathTheEngineDoesNotServeWithAProblem() throws Exception {
    // when
    var response = send(request("/v2/no-such-thing").GET());

    // then
    assertProblem(response, 404);
    assertThat(response.body()).contains("there is no GET /v2/no-such-thing");
  }
}
