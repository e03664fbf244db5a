package io.modelship.engine.processor.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.feel.ExpressionException;
import io.modelship.engine.feel.FeelExpressions;
import io.modelship.engine.incident.OpenIncidents;
import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.lifecycle.VariableScopes;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.processor.ElementProcessor;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.IncidentType;
import java.util.Map;

/**
 * Script tasks with a FEEL {@code zeebe:script}. Activated: evaluates the expression and completes
 * with its result as {@code resultVariable} (propagated outward, or local input to the output
 * mappings when there are some). A failing expression opens an EXTRACT_VALUE_ERROR incident;
 * resolving it evaluates again.
 */
public final class ScriptTaskProcessor implements ElementProcessor {

  private final ElementLifecycle lifecycle;
  private final VariableScopes variables;
  private final FeelExpressions feel;
  private final OpenIncidents incidents;

  public ScriptTaskProcessor(
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
  public void onActivated(ElementInstance instance, FlowNode node) {
    JsonNode result;
    try {
      result = feel.evaluate(node.script().expression(), variables.visible(instance.key()));
    } catch (ExpressionException e) {
      incidents.raise(instance, IncidentType.EXTRACT_VALUE_ERROR, e.getMessage());
      return;
    }
    String target = node.script().resultVariable();
    lifecycle.completeWith(instance, target == null ? Map.of() : Map.of(target, result));
  }
}
