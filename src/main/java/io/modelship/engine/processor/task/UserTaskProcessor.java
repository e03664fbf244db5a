package io.modelship.engine.processor.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.feel.Expression;
import io.modelship.engine.feel.ExpressionException;
import io.modelship.engine.feel.FeelExpressions;
import io.modelship.engine.incident.OpenIncidents;
import io.modelship.engine.lifecycle.VariableScopes;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.model.UserTaskDefinition;
import io.modelship.engine.processor.ElementProcessor;
import io.modelship.engine.state.DeployedForm;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.IncidentType;
import io.modelship.engine.usertask.FormNotFoundException;
import io.modelship.engine.usertask.LinkedForms;
import io.modelship.engine.usertask.UserTaskLifecycle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Camunda user tasks ({@code zeebe:userTask}). Activated: evaluates assignee, candidate groups and
 * users, due and follow-up dates, finds the linked form, and creates the user task; a failing
 * expression opens an EXTRACT_VALUE_ERROR incident, a linked form that is not deployed a
 * FORM_NOT_FOUND incident (resolving it tries again). Completed by the user task's completion.
 * Terminating: cancels it.
 */
public final class UserTaskProcessor implements ElementProcessor {

  private final UserTaskLifecycle userTasks;
  private final VariableScopes variables;
  private final FeelExpressions feel;
  private final OpenIncidents incidents;
  private final LinkedForms forms;

  public UserTaskProcessor(
      UserTaskLifecycle userTasks,
      LinkedForms forms,
      VariableScopes variables,
      FeelExpressions feel,
      OpenIncidents incidents) {
    this.userTasks = userTasks;
    this.forms = forms;
    this.variables = variables;
    this.feel = feel;
    this.incidents = incidents;
  }

  @Override
  public void onActivated(ElementInstance instance, FlowNode node) {
    UserTaskDefinition task = node.userTask();
    Map<String, JsonNode> context = variables.visible(instance.key());
    DeployedForm form;
    try {
      form = task.form() == null ? null : forms.resolve(instance, task.form());
    } catch (FormNotFoundException e) {
      incidents.raise(instance, IncidentType.FORM_NOT_FOUND, e.getMessage());
      return;
    }
    try {
      userTasks.create(
          instance,
          node,
          new UserTaskLifecycle.Assignment(
              text(task.assignee(), context),
              list(task.candidateGroups(), context),
              list(task.candidateUsers(), context),
              text(task.dueDate(), context),
              text(task.followUpDate(), context)),
          form);
    } catch (ExpressionException e) {
      incidents.raise(instance, IncidentType.EXTRACT_VALUE_ERROR, e.getMessage());
    }
  }

  @Override
  public void onTerminating(ElementInstance instance, FlowNode node) {
    userTasks.cancel(instance);
  }

  private String text(Expression expression, Map<String, JsonNode> context) {
    if (expression == null) {
      return null;
    }
    JsonNode value = feel.evaluate(expression, context);
    if (value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new ExpressionException(
          "Expected result of the expression '%s' to be 'STRING', but was %s"
              .formatted(expression.text(), value));
    }
    return value.asText();
  }

  /** A list, or a comma-separated string as the modeler writes static candidate groups. */
  private List<String> list(Expression expression, Map<String, JsonNode> context) {
    if (expression == null) {
      return List.of();
    }
    JsonNode value = feel.evaluate(expression, context);
    if (value.isTextual()) {
      return Arrays.stream(value.asText().split(","))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .toList();
    }
    if (!value.isArray()) {
      throw new ExpressionException(
          "Expected result of the expression '%s' to be 'ARRAY' or 'STRING', but was %s"
              .formatted(expression.text(), value));
    }
    List<String> result = new ArrayList<>();
    value.forEach(v -> result.add(v.asText()));
    return result;
  }
}
