package io.modelship.engine.processor.event;

import io.modelship.engine.incident.OpenIncidents;
import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.lifecycle.ErrorEvents;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.processor.ElementProcessor;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.IncidentType;
import java.util.Map;

/**
 * End events. None: completes. Signal: broadcasts the signal, then completes. Terminate: terminates
 * every other element of its flow scope, then completes, which completes the scope. Error: throws
 * the error; when nothing catches it, an UNHANDLED_ERROR_EVENT incident opens on the end event.
 */
public final class EndEventProcessor implements ElementProcessor {

  private final EngineState state;
  private final ElementLifecycle lifecycle;
  private final ErrorEvents errors;
  private final OpenIncidents incidents;
  private final ThrowEventProcessor signals;

  public EndEventProcessor(
      EngineState state,
      ElementLifecycle lifecycle,
      ErrorEvents errors,
      OpenIncidents incidents,
      ThrowEventProcessor signals) {
    this.state = state;
    this.lifecycle = lifecycle;
    this.errors = errors;
    this.incidents = incidents;
    this.signals = signals;
  }

  @Override
  public void onActivated(ElementInstance instance, FlowNode node) {
    switch (node.event()) {
      case TERMINATE -> {
        lifecycle.terminateChildren(
            state.elementInstances().get(instance.flowScopeKey()), instance.key());
        lifecycle.complete(instance);
      }
      case ERROR -> {
        if (!errors.throwError(instance, node.errorCode(), Map.of())) {
          incidents.raise(
              instance,
              IncidentType.UNHANDLED_ERROR_EVENT,
              "Expected to throw an error event with the code '%s', but it was not caught. No error events are available in the scope."
                  .formatted(node.errorCode()));
        }
      }
      case SIGNAL -> {
        if (signals.broadcast(instance, node)) {
          lifecycle.complete(instance);
        }
      }
      default -> lifecycle.complete(instance);
    }
  }
}
