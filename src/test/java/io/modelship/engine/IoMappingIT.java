package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IoMappingIT extends EngineITSupport {

  @BeforeEach
  void deployProcess() {
    deploy("io-mapping.bpmn");
  }

  @Test
  void shouldMapInputsIntoTheTaskScopeAndReadNowFromTheEngineClock() {
    // given
    client.newPinClockCommand().time(Instant.parse("2031-05-06T07:08:09Z")).send().join();

    // when
    start("io-mapping", Map.of("order", Map.of("id", 42)));

    // then
    ActivatedJob job = activateOne("io-work");
    assertThat(job.getVariablesAsMap()).containsEntry("orderId", 42);
    assertThat((String) job.getVariablesAsMap().get("startedAt")).startsWith("2031-05-06T07:08:09");
  }

  @Test
  void shouldMapOutputsIntoANestedTargetAndKeepTaskLocalsOut() {
    // given
    long instance = start("io-mapping", Map.of("order", Map.of("id", 42)));

    // when
    complete("io-work", Map.of("digest", "sha256:abc", "scratch", 1));

    // then
    Map<String, Object> after = activateOne("io-after").getVariablesAsMap();
    assertThat(after).containsEntry("image", Map.of("digest", "sha256:abc"));
    assertThat(after).doesNotContainKeys("scratch", "orderId");
    assertThat(variable(instance, "image")).isEqualTo("{\"digest\":\"sha256:abc\"}");
  }

  @Test
  void shouldOnlyHandTheRequestedVariablesToAWorker() {
    // given
    start("io-mapping", Map.of("order", Map.of("id", 42), "big", "x".repeat(1000)));

    // when
    var jobs =
        client
            .newActivateJobsCommand()
            .jobType("io-work")
            .maxJobsToActivate(1)
            .fetchVariables("orderId")
            .send()
            .join()
            .getJobs();

    // then
    assertThat(jobs.get(0).getVariablesAsMap()).containsOnlyKeys("orderId");
  }
}
