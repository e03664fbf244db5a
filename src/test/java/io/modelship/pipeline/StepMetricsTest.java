package io.modelship.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StepMetricsTest {

  SimpleMeterRegistry registry = new SimpleMeterRegistry();
  StepMetrics metrics = new StepMetrics(registry);

  @Test
  void shouldTimeEachAttemptPerStepAndOutcome() {
    // when
    metrics.record("run-tests", 1, StepMetrics.Outcome.SUCCEEDED, Duration.ofMillis(1500));
    metrics.record("run-tests", 1, StepMetrics.Outcome.SUCCEEDED, Duration.ofMillis(500));
    metrics.record("build-image", 1, StepMetrics.Outcome.SUCCEEDED, Duration.ofMillis(100));

    // then
    var timer = registry.get("modelship.step.duration").tag("step", "run-tests").timer();
    assertThat(timer.count()).isEqualTo(2);
    assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2000);
    assertThat(timer.getId().getTag("outcome")).isEqualTo("succeeded");
    assertThat(registry.find("modelship.step.failures").counters()).isEmpty();
    assertThat(registry.find("modelship.step.retries").counters()).isEmpty();
  }

  @Test
  void shouldCountFailuresByOutcomeAndRetriesByLaterAttempts() {
    // when a transient failure, its retry failing for good, and a business error elsewhere
    metrics.record("push-image", 1, StepMetrics.Outcome.RETRY, Duration.ofSeconds(1));
    metrics.record("push-image", 2, StepMetrics.Outcome.FAILED, Duration.ofSeconds(1));
    metrics.record("run-tests", 1, StepMetrics.Outcome.BUSINESS_ERROR, Duration.ofSeconds(1));

    // then
    assertThat(registry.get("modelship.step.failures").tags("step", "push-image").counters())
        .extracting(c -> c.getId().getTag("outcome") + "=" + (int) c.count())
        .containsExactlyInAnyOrder("retry=1", "failed=1");
    assertThat(
            registry
                .get("modelship.step.failures")
                .tags("step", "run-tests", "outcome", "business-error")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("modelship.step.retries").tag("step", "push-image").counter().count())
        .isEqualTo(1);
    assertThat(registry.find("modelship.step.retries").tag("step", "run-tests").counter()).isNull();
  }
}
