package io.modelship.engine;

import io.modelship.engine.instance.History;
import io.modelship.engine.job.JobLifecycle;
import io.modelship.engine.job.JobPolls;
import io.modelship.engine.lifecycle.EngineWriter;
import io.modelship.engine.message.MessageCorrelation;
import io.modelship.engine.state.Due;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.timer.DueTimers;
import io.modelship.engine.timer.EngineClock;

/**
 * What the writer does around each batch: fire timers, job time-outs, retry back-offs and message
 * expiries that are due on the engine clock, drop finished instances beyond the history limits, and
 * hand new jobs to waiting workers.
 */
final class Duties implements EngineWriter.Duties {

  private final EngineState state;
  private final EngineClock clock;
  private final DueTimers timers;
  private final JobLifecycle jobs;
  private final MessageCorrelation messages;
  private final JobPolls polls;
  private final History history;

  Duties(
      EngineState state,
      EngineClock clock,
      DueTimers timers,
      JobLifecycle jobs,
      MessageCorrelation messages,
      JobPolls polls,
      History history) {
    this.state = state;
    this.clock = clock;
    this.timers = timers;
    this.jobs = jobs;
    this.messages = messages;
    this.polls = polls;
    this.history = history;
  }

  @Override
  public long millisUntilNextDue() {
    long next = Long.MAX_VALUE;
    for (Due due :
        new Due[] {state.timers().nextDue(), state.jobs().nextDue(), state.messages().nextDue()}) {
      if (due != null) {
        next = Math.min(next, due.millis());
      }
    }
    if (next == Long.MAX_VALUE) {
      return -1;
    }
    long now = clock.millis();
    if (next <= now) {
      return 0;
    }
    // A pinned clock does not move by itself; only a command (a clock change) can make it due.
    return clock.isPinned() ? -1 : next - now;
  }

  @Override
  public void fireDue() {
    timers.fireDue();
    jobs.fireDue();
    messages.fireDue();
    history.evict();
  }

  @Override
  public void beforeCommit() {
    polls.serve();
  }
}
