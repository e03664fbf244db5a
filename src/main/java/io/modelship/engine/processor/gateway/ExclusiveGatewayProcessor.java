package io.modelship.engine.processor.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.feel.ExpressionException;
import io.modelship.engine.feel.FeelExpressions;
import io.modelship.engine.incident.OpenIncidents;
import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.lifecycle.VariableScopes;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.model.SequenceFlow;
import io.modelship.engine.processor.ElementProcessor;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.IncidentType;
import java.util.Map;

/**
 * Exclusive gateways. Activated: takes the first outgoing flow (in XML order) whose condition is
 * true, else the default flow. No match and no default, or a condition that is not a boolean, opens
 * a CONDITION_ERROR incident; resolving it evaluates the conditions again.
 */
public final class ExclusiveGatewayProcessor implements ElementProcessor {

  private final ElementLifecycle lifecycle;
  private final VariableScopes variables;
  private final FeelExpressions feel;
  private final OpenIncidents incidents;

  public ExclusiveGatewayProcessor(
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
    if (node.outgoing().size() == 1 && flow(instance, node.outgoing().get(0)).condition() == null) {
      lifecycle.completeTaking(instance, node.outgoing().get(0));
      return;
    }
    Map<String, JsonNode> context = variables.visible(instance.key());
    try {
      for (String flowId : node.outgoing()) {
        SequenceFlow flow = flow(instance, flowId);
        if (flowId.equals(node.defaultFlowId()) || flow.condition() == null) {
          continue;
        }
        JsonNode result = feel.evaluate(flow.condition(), context);
        if (!result.isBoolean()) {
          throw new ExpressionException(
              "Expected result of the expression '%s' to be 'BOOLEAN', but was %s"
                  .formatted(flow.condition().text(), result.isNull() ? "'NULL'" : result));
        }
        if (result.asBoolean()) {
          lifecycle.completeTaking(instance, flowId);
          return;
        }
      }
    } catch (ExpressionException e) {
      incidents.raise(instance, IncidentType.CONDITION_ERROR, e.getMessage());
      return;
    }
    if (node.defaultFlowId() != null) {
      lifecycle.completeTaking(instance, node.defaultFlowId());
    } else {
      incidents.raise(
          instance,
          IncidentType.CONDITION_ERROR,
          "Expected at least one condition to evaluate to true, or to have a default flow");
    }
  }

  private SequenceFlow flow(ElementInstance instance, String flowId) {
    return lifecycle.processOf(instance).flow(flowId);
  }
}
