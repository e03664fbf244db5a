package io.modelship.engine.processor.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.modelship.engine.feel.ExpressionException;
import io.modelship.engine.feel.FeelExpressions;
import io.modelship.engine.incident.OpenIncidents;
import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.lifecycle.VariableScopes;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.model.LoopDefinition;
import io.modelship.engine.processor.ElementProcessor;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.IncidentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The body around a multi-instance activity. Activated: evaluates {@code inputCollection} (not a
 * list: EXTRACT_VALUE_ERROR incident), initialises {@code outputCollection} with nulls, and
 * activates one inner instance per item, all at once (parallel) or one after another (sequential),
 * each with {@code inputElement} and {@code loopCounter} as local variables. Completes when every
 * inner instance has completed, propagating {@code outputCollection} to its flow scope.
 * Terminating: terminates the inner instances.
 */
public final class MultiInstanceBodyProcessor implements ElementProcessor {

  private final ElementLifecycle lifecycle;
  private final VariableScopes variables;
  private final FeelExpressions feel;
  private final OpenIncidents incidents;

  public MultiInstanceBodyProcessor(
      ElementLifecycle lifecycle,
      VariableScopes variables,
      FeelExpressions feel,
      OpenIncidents incidents) {
    this.lifecycle = lifecycle;
    this.variables = variables;
    this.feel = feel;
    this.incidents = incidents;
  }

  @Override
  public void onActivated(ElementInstance body, FlowNode node) {
    LoopDefinition loop = node.loop();
    JsonNode collection;
    try {
      collection = feel.list(loop.inputCollection(), variables.visible(body.key()));
    } catch (ExpressionException e) {
      incidents.raise(body, IncidentType.EXTRACT_VALUE_ERROR, e.getMessage());
      return;
    }
    List<JsonNode> items = new ArrayList<>();
    collection.forEach(items::add);
    lifecycle.keepLoopItems(body, items);
    if (loop.outputCollection() != null) {
      ArrayNode nulls = JsonNodeFactory.instance.arrayNode();
      items.forEach(i -> nulls.addNull());
      variables.setLocal(body, loop.outputCollection(), nulls);
    }
    if (items.isEmpty()) {
      lifecycle.complete(body);
    } else if (loop.sequential()) {
      lifecycle.activateInner(body, 1, loop.inputElement(), items.get(0));
    } else {
      for (int i = 0; i < items.size(); i++) {
        lifecycle.activateInner(body, i + 1, loop.inputElement(), items.get(i));
      }
    }
  }

  @Override
  public void onChildCompleted(ElementInstance body, ElementInstance child, FlowNode node) {
    LoopDefinition loop = node.loop();
    if (loop.sequential() && child.loopCounter() < body.loopItems().size()) {
      int next = child.loopCounter() + 1;
      lifecycle.activateInner(body, next, loop.inputElement(), body.loopItems().get(next - 1));
    } else if (lifecycle.isIdle(body)) {
      lifecycle.complete(body);
    }
  }

  @Override
  public void onCompleting(ElementInstance body, FlowNode node) {
    String output = node.loop().outputCollection();
    if (output != null) {
      JsonNode collected = variables.local(body.key()).get(output);
      variables.propagate(body.flowScopeKey(), Map.of(output, collected));
    }
  }

  @Override
  public void onTerminating(ElementInstance body, FlowNode node) {
    lifecycle.terminateChildren(body, -1);
  }
}
