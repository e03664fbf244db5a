package io.modelship.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelship.engine.Engine;
import io.modelship.engine.deployment.Resource;
import io.modelship.engine.state.Job;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The hot commands are served on a real engine without the rest of the chain (Spring MVC), and
 * everything unusual is handed on with its body intact.
 */
class FastCommandFilterTest {

  @TempDir Path data;

  private Engine engine;
  private FastCommandFilter filter;

  /** The requests that reached the rest of the chain, with the body it could read. */
  private final List<String> handedOn = new ArrayList<>();

  private final FilterChain chain =
      (request, response) -> handedOn.add(new String(body(request), StandardCharsets.UTF_8));

  @BeforeEach
  void startEngine() throws Exception {
    engine = Engine.start(data);
    byte[] xml = Files.readAllBytes(Path.of("src/test/resources/bpmn/service-tasks.bpmn"));
    var validated = engine.deployments().validate(List.of(new Resource("service-tasks.bpmn", xml)));
    engine.writer().submit(() -> engine.deployments().deploy(validated)).join();
    Committed committed = new Committed(Duration.ofSeconds(10));
    filter =
        new FastCommandFilter(
            new ProcessInstanceController(engine, committed),
            new JobController(engine, committed),
            new JobPollController(engine));
  }

  @AfterEach
  void stopEngine() {
    engine.close();
  }

  @Test
  void shouldCreateAnInstanceWithoutTheControllers() throws Exception {
    // when
    var response = send("/v2/process-instances", "{\"processDefinitionId\":\"service-tasks\"}");

    // then
    assertThat(handedOn).isEmpty();
    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getContentType()).isEqualTo("application/json");
    assertThat(response.getContentAsString())
        .startsWith("{\"processDefinitionId\":\"service-tasks\",\"processDefinitionVersion\":1,")
        .contains("\"processInstanceKey\":\"");
    assertThat(jobs()).hasSize(1);
  }

  @Test
  void shouldCompleteAndFailJobsWithoutTheControllers() throws Exception {
    // given
    send("/v2/process-instances", "{\"processDefinitionId\":\"service-tasks\"}");
    long first = jobs().get(0).key();

    // when
    var completed = send("/v2/jobs/" + first + "/completion", "{\"variables\":{\"x\":1}}");
    long second = jobs().get(0).key();
    var failed = send("/v2/jobs/" + second + "/failure", "{\"retries\":1}");

    // then
    assertThat(handedOn).isEmpty();
    assertThat(completed.getStatus()).isEqualTo(204);
    assertThat(second).isNotEqualTo(first);
    // the second job was never activated, so failing it is refused as the controllers refuse it
    assertThat(failed.getStatus()).isEqualTo(409);
    assertThat(failed.getContentType()).isEqualTo("application/problem+json");
    assertThat(failed.getContentAsString()).contains("\"title\":\"INVALID_STATE\"");
  }

  @Test
  void shouldAnswerARejectionWithTheControllersProblem() throws Exception {
    // when
    var response = send("/v2/jobs/123/completion", "{}");

    // then: the bytes the controllers (EngineProblems through Spring MVC) send
    assertThat(handedOn).isEmpty();
    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.getContentType()).isEqualTo("application/problem+json");
    assertThat(response.getContentAsString())
        .isEqualTo(
            "{\"detail\":\"Expected to complete job with key '123', but no such job was"
                + " found\",\"instance\":\"/v2/jobs/123/completion\",\"status\":404,"
                + "\"title\":\"NOT_FOUND\"}");
  }

  @Test
  void shouldHandUnusualRequestsOnWithTheirBody() throws Exception {
    // when
    send("/v2/process-instances", "{\"processDefinitionIdx\":\"x\"}");
    send("/v2/process-instances", "");
    send("/v2/process-instances", "null");
    send("/v2/jobs/12%33/completion", "{}");
    send("/v2/jobs/123/completion;x=1", "{}");
    var text = request("/v2/process-instances", "{\"processDefinitionId\":\"service-tasks\"}");
    text.setContentType("text/plain");
    filter.doFilter(text, new MockHttpServletResponse(), chain);

    // then
    assertThat(handedOn)
        .containsExactly(
            "{\"processDefinitionIdx\":\"x\"}",
            "",
            "null",
            "{}",
            "{}",
            "{\"processDefinitionId\":\"service-tasks\"}");
    assertThat(jobs()).isEmpty();
  }

  private List<Job> jobs() {
    return engine.writer().submit(() -> List.copyOf(engine.state().jobs().all())).join().stream()
        .filter(job -> job.state() == io.modelship.engine.state.JobState.ACTIVATABLE)
        .toList();
  }

  private MockHttpServletResponse send(String path, String body) throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(request(path, body), response, chain);
    return response;
  }

  private static MockHttpServletRequest request(String path, String body) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
    request.setContentType("application/json");
    request.setContent(body.getBytes(StandardCharsets.UTF_8));
    return request;
  }

  private static byte[] body(ServletRequest request) {
    try {
      return request.getInputStream().readAllBytes();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
