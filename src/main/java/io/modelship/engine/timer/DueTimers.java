package io.modelship.engine.timer;

import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.state.DeployedProcess;
import io.modelship.engine.state.Due;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.Timer;
import java.util.Map;

/**
 * Fires the timers that are due on the engine clock: a start event's timer creates an instance (and
 * is scheduled again for its next cycle); any other's triggers its event (see {@code
 * ElementLifecycle#trigger}); a non-interrupting boundary or event sub-process start's cycle is
 * scheduled again.
 */
public final class DueTimers {

  private final EngineState state;
  private final EngineClock clock;
  private final ElementLifecycle lifecycle;

  public DueTimers(EngineState state, EngineClock clock, ElementLifecycle lifecycle) {
    this.state = state;
    this.clock = clock;
    this.lifecycle = lifecycle;
  }

  public void fireDue() {
    long now = clock.millis();
    Due due;
    while ((due = state.timers().nextDue()) != null && due.millis() <= now) {
      Timer timer = state.timers().get(due.key());
      state.timers().remove(timer.key());
      if (timer.elementInstanceKey() < 0) {
        startProcess(timer);
      } else {
        trigger(timer);
      }
    }
  }

  private void startProcess(Timer timer) {
    DeployedProcess definition = state.definitions().get(timer.processDefinitionKey());
    scheduleNextCycle(timer);
    lifecycle.startProcess(definition, Map.of(), timer.elementId(), null);
  }

  private void trigger(Timer timer) {
    ElementInstance owner = state.elementInstances().get(timer.elementInstanceKey());
    if (owner == null || !owner.isActive()) {
      return;
    }
    FlowNode event = lifecycle.processOf(owner).node(timer.elementId());
    if (event.firesRepeatedly()) {
      // A non-interrupting cycle fires again while its owner runs.
      scheduleNextCycle(timer);
    }
    lifecycle.trigger(owner, timer.elementId(), Map.of());
  }

  /** Schedules a cycle's next repetition, if it has one left. */
  private void scheduleNextCycle(Timer timer) {
    if (timer.cycle() == null || timer.repetitions() == 0) {
      return;
    }
    state
        .timers()
        .put(
            new Timer(
                state.nextKey(),
                TimerSchedule.next(timer.cycle(), timer.dueMillis()),
                timer.processDefinitionKey(),
                timer.elementId(),
                timer.elementInstanceKey(),
                timer.processInstanceKey(),
                timer.repetitions() < 0 ? -1 : timer.repetitions() - 1,
                timer.cycle()));
  }
}
