package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * A long poll whose client has gone must not keep jobs from the workers that are still there: the
 * job goes to a live worker long before the departed poll's job timeout would have freed it.
 */
class DepartedPollIT extends EngineITSupport {

  @Value("${modelship.engine.port}")
  int enginePort;

  @BeforeEach
  void deployProcess() {
    deploy("service-tasks.bpmn");
  }

  @Test
  void shouldGiveAJobToALiveWorkerWhenTheWorkerItWasHandedToHasGone() throws Exception {
    for (int round = 1; round <= 5; round++) {
      // given a poll that waits in the engine, then whose client goes away
      try (Socket departed = parkedPoll("st-first")) {
        departed.setSoLinger(true, 0);
      }

      // when a job comes at once, before the engine has noticed
      long instance = start("service-tasks", Map.of());

      // then a live worker gets it, not after the departed poll's 5-minute job timeout
      List<ActivatedJob> jobs =
          client
              .newActivateJobsCommand()
              .jobType("st-first")
              .maxJobsToActivate(1)
              .timeout(Duration.ofMinutes(5))
              .requestTimeout(Duration.ofSeconds(10))
              .send()
              .join()
              .getJobs();
      assertThat(jobs)
          .as("round %d", round)
          .extracting(ActivatedJob::getProcessInstanceKey)
          .containsExactly(instance);
      client.newCompleteCommand(jobs.get(0)).send().join();
    }
  }

  @Test
  void shouldGiveAJobToALiveWorkerWhenThePollClosedGracefully() throws Exception {
    // given a poll whose client closed its connection with a FIN (as a closed HTTP client does)
    parkedPoll("st-first").close();

    // when
    long instance = start("service-tasks", Map.of());

    // then
    List<ActivatedJob> jobs =
        client
            .newActivateJobsCommand()
            .jobType("st-first")
            .maxJobsToActivate(1)
            .timeout(Duration.ofMinutes(5))
            .requestTimeout(Duration.ofSeconds(10))
            .send()
            .join()
            .getJobs();
    assertThat(jobs).extracting(ActivatedJob::getProcessInstanceKey).containsExactly(instance);
  }

  /**
   * Sends an activation request by hand and returns once the engine holds it open: its first
   * keep-alive byte (the response is committed only for a poll that waits).
   */
  private Socket parkedPoll(String type) throws Exception {
    Socket socket = new Socket("127.0.0.1", enginePort);
    socket.setSoTimeout(10_000);
    String body =
        "{\"type\":\"%s\",\"maxJobsToActivate\":32,\"timeout\":300000,\"requestTimeout\":30000}"
            .formatted(type);
    String request =
        "POST /v2/jobs/activation HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                .formatted(body.getBytes(StandardCharsets.UTF_8).length, body);
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.UTF_8));
    out.flush();
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("the engine's answer to a waiting poll").isNotNegative();
      head.append((char) b);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 200");
    // Chunked: the first chunk holds the keep-alive space.
    String chunk = "";
    while (!chunk.endsWith("\r\n ")) {
      chunk += (char) in.read();
    }
    return socket;
  }
}
