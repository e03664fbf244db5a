package io.modelship.engine.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.modelship.engine.feel.ExpressionException;
import io.modelship.engine.incident.OpenIncidents;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.model.LoopDefinition;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.IncidentType;

/**
 * Collects the {@code outputElement} of a completing inner multi-instance element into the body's
 * {@code outputCollection}, at the inner element's index, as Zeebe does.
 */
final class LoopOutput {

  private final EngineState state;
  private final VariableScopes variables;
  private final OpenIncidents incidents;

  LoopOutput(EngineState state, VariableScopes variables, OpenIncidents incidents) {
    this.state = state;
    this.variables = variables;
    this.incidents = incidents;
  }

  /** Returns false when the output element failed to evaluate (an incident is open). */
  boolean collect(ElementInstance inner, FlowNode node) {
    LoopDefinition loop = node.loop();
    if (loop.outputCollection() == null || loop.outputElement() == null) {
      return true;
    }
    ElementInstance body = state.elementInstances().get(inner.flowScopeKey());
    JsonNode value;
    try {
      value = variables.evaluate(loop.outputElement(), variables.visible(inner.key()));
    } catch (ExpressionException e) {
      incidents.raise(inner, IncidentType.EXTRACT_VALUE_ERROR, e.getMessage());
      return false;
    }
    JsonNode current = variables.local(body.key()).get(loop.outputCollection());
    ArrayNode collection =
        current instanceof ArrayNode array
            ? array.deepCopy()
            : JsonNodeFactory.instance.arrayNode();
    while (collection.size() < inner.loopCounter()) {
      collection.addNull();
    }
    collection.set(inner.loopCounter() - 1, value);
    variables.setLocal(body, loop.outputCollection(), collection);
    return true;
  }
}
