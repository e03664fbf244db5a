package io.modelship.engine.timer;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.feel.ExpressionException;
import io.modelship.engine.feel.FeelExpressions;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.model.TimerDefinition;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.Timer;
import java.util.Map;

/** Creates timer records for timer events; {@code DueTimers} fires them. */
public final class TimerScheduler {

  private final EngineState state;
  private final EngineClock clock;
  private final FeelExpressions feel;

  public TimerScheduler(EngineState state, EngineClock clock, FeelExpressions feel) {
    this.state = state;
    this.clock = clock;
    this.feel = feel;
  }

  /**
   * Schedules the timer of a catch or boundary event, owned by {@code owner}.
   *
   * @throws ExpressionException when the timer's value is not a valid date, duration or cycle
   */
  public void schedule(ElementInstance owner, FlowNode event, Map<String, JsonNode> variables) {
    TimerSchedule schedule = schedule(event.timer(), variables);
    boolean cycle = schedule.cycle() != null;
    state
        .timers()
        .put(
            new Timer(
                state.nextKey(),
                schedule.firstDueMillis(),
                owner.processDefinitionKey(),
                event.id(),
                owner.key(),
                owner.processInstanceKey(),
                !cycle ? 0 : schedule.repetitions() < 0 ? -1 : schedule.repetitions() - 1,
                schedule.cycle()));
  }

  /** Schedules a timer start event of a process version. */
  public void scheduleStart(long processDefinitionKey, FlowNode startEvent) {
    TimerSchedule schedule = schedule(startEvent.timer(), Map.of());
    state
        .timers()
        .put(
            new Timer(
                state.nextKey(),
                schedule.firstDueMillis(),
                processDefinitionKey,
                startEvent.id(),
                -1,
                -1,
                schedule.repetitions() < 0 ? -1 : schedule.repetitions() - 1,
                schedule.cycle()));
  }

  /** Checks that a timer start event gives a valid schedule without variables. */
  public void validateStart(FlowNode startEvent) {
    schedule(startEvent.timer(), Map.of());
  }

  private TimerSchedule schedule(TimerDefinition timer, Map<String, JsonNode> variables) {
    JsonNode value = feel.evaluate(timer.value(), variables);
    if (!value.isTextual()) {
      throw new ExpressionException(
          "Expected timer '%s' to give a date, duration or cycle, but it gave %s"
              .formatted(timer.value().text(), value));
    }
    long now = clock.millis();
    try {
      return switch (timer.type()) {
        case DATE -> TimerSchedule.date(value.asText());
        case DURATION -> TimerSchedule.duration(value.asText(), now);
        case CYCLE -> TimerSchedule.cycle(value.asText(), now);
      };
    } catch (IllegalArgumentException e) {
      throw new ExpressionException(e.getMessage());
    }
  }
}
