package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A writer that does not answer (here: held by a command that waits on a latch) does not hold the
 * request threads forever: past {@code modelship.engine.command-timeout} a command is answered 503
 * problem+json naming the cause, and once the writer moves again the engine answers as before.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "modelship.engine.command-timeout=500ms")
class CommandTimeoutIT extends EngineITSupport {

  @Autowired Engine engine;

  @Value("${modelship.engine.port}")
  int enginePort;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldAnswerServiceUnavailableWhenTheWriterDoesNotAnswerInTime() throws Exception {
    // given: a deployed process and a writer held by a command that waits
    deploy("service-tasks.bpmn");
    CountDownLatch release = new CountDownLatch(1);
    var held =
        engine
            .writer()
            .submit(
                () -> {
                  release.await(30, TimeUnit.SECONDS);
                  return null;
                });
    try {
      // when: a create and a job completion wait for the held writer
      var create = post("/v2/process-instances", "{\"processDefinitionId\": \"service-tasks\"}");
      var complete = post("/v2/jobs/1/completion", "{}");

      // then
      for (var response : java.util.List.of(create, complete)) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type"))
            .hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
        assertThat(response.body())
            .contains("within PT0.5S")
            .contains("modelship.engine.command-timeout")
            .doesNotContain("Exception");
      }
    } finally {
      release.countDown();
    }
    held.get(10, TimeUnit.SECONDS);

    // then: commands are taken again once the writer moves
    var after = post("/v2/process-instances", "{\"processDefinitionId\": \"service-tasks\"}");
    assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
    track(Long.parseLong(after.body().replaceAll(".*\"processInstanceKey\":\"(\\d+)\".*", "$1")));
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + enginePort + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
