package io.modelship.engine.processor.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.feel.ExpressionException;
import io.modelship.engine.feel.FeelExpressions;
import io.modelship.engine.incident.OpenIncidents;
import io.modelship.engine.job.JobLifecycle;
import io.modelship.engine.lifecycle.VariableScopes;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.processor.ElementProcessor;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.IncidentType;
import java.util.Map;

/**
 * Job-worker tasks (service, send, script and business-rule tasks with a task definition).
 *
 * <p>Activated: evaluates the job type and retries and creates the job; a failing expression opens
 * an EXTRACT_VALUE_ERROR incident. Completed by the job's completion. Terminating: cancels the job.
 */
public final class ServiceTaskProcessor implements ElementProcessor {

  private final JobLifecycle jobs;
  private final VariableScopes variables;
  private final FeelExpressions feel;
  private final OpenIncidents incidents;

  public ServiceTaskProcessor(
      JobLifecycle jobs, VariableScopes variables, FeelExpressions feel, OpenIncidents incidents) {
    this.jobs = jobs;
    this.variables = variables;
    this.feel = feel;
    this.incidents = incidents;
  }

  @Override
  public void onActivated(ElementInstance instance, FlowNode node) {
    Map<String, JsonNode> context = variables.visible(instance.key());
    try {
      JsonNode type = feel.evaluate(node.job().type(), context);
      if (!type.isTextual() || type.asText().isBlank()) {
        throw new ExpressionException(
            "Expected result of the expression '%s' to be a non-empty 'STRING', but was %s"
                .formatted(node.job().type().text(), type));
      }
      JsonNode retries = feel.evaluate(node.job().retries(), context);
      if (!retries.canConvertToInt()
          && !(retries.isTextual() && retries.asText().matches("\\d+"))) {
        throw new ExpressionException(
            "Expected result of the expression '%s' to be a 'NUMBER', but was %s"
                .formatted(node.job().retries().text(), retries));
      }
      jobs.create(instance, type.asText(), retries.asInt(), node.job().headers());
    } catch (ExpressionException e) {
      incidents.raise(instance, IncidentType.EXTRACT_VALUE_ERROR, e.getMessage());
    }
  }

  @Override
  public void onTerminating(ElementInstance instance, FlowNode node) {
    jobs.cancel(instance);
  }
}
