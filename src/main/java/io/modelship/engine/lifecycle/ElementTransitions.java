package io.modelship.engine.lifecycle;

import static io.modelship.engine.state.ElementState.ACTIVATED;
import static io.modelship.engine.state.ElementState.ACTIVATING;
import static io.modelship.engine.state.ElementState.COMPLETED;
import static io.modelship.engine.state.ElementState.COMPLETING;
import static io.modelship.engine.state.ElementState.TERMINATED;
import static io.modelship.engine.state.ElementState.TERMINATING;

import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.ElementState;
import io.modelship.engine.state.EngineState;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The legal moves of an element instance's lifecycle, declared once. Every state change of an
 * element instance goes through {@link #move}.
 *
 * <pre>
 * ACTIVATING --> ACTIVATED --> COMPLETING --> COMPLETED
 *      \             |             /
 *       +------> TERMINATING <----+ --> TERMINATED
 * </pre>
 */
final class ElementTransitions {

  private static final Map<ElementState, Set<ElementState>> ALLOWED =
      Map.of(
          ACTIVATING, EnumSet.of(ACTIVATED, TERMINATING),
          ACTIVATED, EnumSet.of(COMPLETING, TERMINATING),
          COMPLETING, EnumSet.of(COMPLETED, TERMINATING),
          TERMINATING, EnumSet.of(TERMINATED),
          COMPLETED, EnumSet.noneOf(ElementState.class),
          TERMINATED, EnumSet.noneOf(ElementState.class));

  private ElementTransitions() {}

  static ElementInstance move(
      EngineState state, ElementInstance instance, ElementState to, long nowMillis) {
    if (!ALLOWED.get(instance.state()).contains(to)) {
      throw new IllegalStateException(
          "Expected element instance %d ('%s') to move from %s to one of %s, but was asked to move to %s"
              .formatted(
                  instance.key(),
                  instance.elementId(),
                  instance.state(),
                  ALLOWED.get(instance.state()),
                  to));
    }
    ElementInstance moved = instance.withState(to, nowMillis);
    state.elementInstances().put(moved);
    return moved;
  }
}
