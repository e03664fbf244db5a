package io.modelship.engine.instance;

import io.modelship.engine.state.Due;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.timer.EngineClock;
import java.time.Duration;
import java.util.NavigableSet;

/**
 * Keeps the history of finished process instances bounded: a finished root instance stays
 * searchable (with its element instances, variables, incidents, user tasks and called instances)
 * until more than {@code size} finished instances are kept, or until it ended longer than {@code
 * retention} ago on the engine clock; then it is removed from memory and from the store, oldest
 * first. Running instances are never removed.
 */
public final class History {

  /** How much history to keep. */
  public record Limits(int size, Duration retention) {

    public static final Limits DEFAULT = new Limits(10_000, Duration.ofDays(7));

    public Limits {
      if (size < 0 || retention.isNegative()) {
        throw new IllegalArgumentException(
            "Expected a history size and retention of 0 or more, but got %d and %s"
                .formatted(size, retention));
      }
    }
  }

  private final EngineState state;
  private final EngineClock clock;
  private final Limits limits;

  public History(EngineState state, EngineClock clock, Limits limits) {
    this.state = state;
    this.clock = clock;
    this.limits = limits;
  }

  /** Removes the finished instances beyond the limits. Writer thread only. */
  public void evict() {
    NavigableSet<Due> finished = state.elementInstances().finishedRoots();
    long endedBefore = clock.millis() - limits.retention().toMillis();
    while (!finished.isEmpty()
        && (finished.size() > limits.size() || finished.first().millis() < endedBefore)) {
      state.removeProcessInstance(finished.first().key());
    }
  }
}
