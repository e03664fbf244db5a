package io.modelship.engine.message;

import io.modelship.engine.feel.Expression;
import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.model.EventKind;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.state.DeployedProcess;
import io.modelship.engine.state.EngineState;
import java.util.ArrayList;
import java.util.List;

/**
 * The message and signal start events of the latest version of each process: a message or signal
 * with their name starts an instance there. Only static names can match (an expression has no
 * variables to read before the instance exists).
 */
final class StartEvents {

  /** A start event of a deployed process version. */
  record Start(DeployedProcess definition, String eventId) {}

  private final EngineState state;
  private final ElementLifecycle lifecycle;

  StartEvents(EngineState state, ElementLifecycle lifecycle) {
    this.state = state;
    this.lifecycle = lifecycle;
  }

  List<Start> byMessage(String name) {
    return find(EventKind.MESSAGE, name);
  }

  List<Start> bySignal(String name) {
    return find(EventKind.SIGNAL, name);
  }

  private List<Start> find(EventKind kind, String name) {
    List<Start> result = new ArrayList<>();
    for (DeployedProcess definition : state.definitions().latestVersions()) {
      for (FlowNode start : lifecycle.processOf(definition).startEvents(kind)) {
        Expression named = kind == EventKind.MESSAGE ? start.message().name() : start.signalName();
        if (named != null && named.isStatic() && name.equals(named.staticValue())) {
          result.add(new Start(definition, start.id()));
        }
      }
    }
    return result;
  }
}
