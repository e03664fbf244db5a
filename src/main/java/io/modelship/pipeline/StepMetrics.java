package io.modelship.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Metrics per pipeline step, tagged with the step (its BPMN element id), exported by the actuator
 * (Prometheus: {@code /actuator/prometheus}):
 *
 * <ul>
 *   <li>{@code modelship.step.duration} (a timer; {@code modelship_step_duration_seconds_*}) with
 *       {@code outcome}: {@code succeeded}, {@code business-error} (a BPMN error such as {@code
 *       TESTS_FAILED}), {@code retry} (a transient failure that will be retried) or {@code failed}
 *       (a failure that retrying won't cure);
 *   <li>{@code modelship.step.failures} (a counter; {@code modelship_step_failures_total}) of every
 *       outcome but {@code succeeded}, with {@code outcome};
 *   <li>{@code modelship.step.retries} (a counter; {@code modelship_step_retries_total}) of
 *       attempts after the first.
 * </ul>
 */
@Component
public class StepMetrics {

  /** How a step attempt ended. */
  public enum Outcome {
    SUCCEEDED("succeeded"),
    BUSINESS_ERROR("business-error"),
    RETRY("retry"),
    FAILED("failed");

    private final String tag;

    Outcome(String tag) {
      this.tag = tag;
    }
  }

  private final MeterRegistry registry;

  public StepMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Records one attempt of a step: its duration, its outcome, and whether it was a retry. */
  public void record(String step, int attempt, Outcome outcome, Duration duration) {
    Timer.builder("modelship.step.duration")
        .description("Time a pipeline step took, per attempt")
        .tag("step", step)
        .tag("outcome", outcome.tag)
        .register(registry)
        .record(duration);
    if (outcome != Outcome.SUCCEEDED) {
      registry.counter("modelship.step.failures", "step", step, "outcome", outcome.tag).increment();
    }
    if (attempt > 1) {
      registry.counter("modelship.step.retries", "step", step).increment();
    }
  }
}
