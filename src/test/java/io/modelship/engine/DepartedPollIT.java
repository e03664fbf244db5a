package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import java.net.Socket;
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

  private Socket parkedPoll(String type) throws Exception {
    return ParkedPoll.open(enginePort, type, 30_000).socket();
  }
}
