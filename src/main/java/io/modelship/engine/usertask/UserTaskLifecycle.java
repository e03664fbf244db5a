package io.modelship.engine.usertask;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.command.InvalidStateException;
import io.modelship.engine.command.NotFoundException;
import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.state.DeployedForm;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.UserTask;
import io.modelship.engine.state.UserTaskState;
import io.modelship.engine.timer.EngineClock;
import java.util.List;
import java.util.Map;

/** Camunda user tasks: created when the element activates, completed by a person, or cancelled. */
public final class UserTaskLifecycle {

  /** The evaluated assignment and schedule of a user task. */
  public record Assignment(
      String assignee,
      List<String> candidateGroups,
      List<String> candidateUsers,
      String dueDate,
      String followUpDate) {}

  private final EngineState state;
  private final EngineClock clock;
  private final ElementLifecycle lifecycle;

  public UserTaskLifecycle(EngineState state, EngineClock clock, ElementLifecycle lifecycle) {
    this.state = state;
    this.clock = clock;
    this.lifecycle = lifecycle;
  }

  /** Creates the user task, linked to {@code form} (null when the task has no linked form). */
  public void create(
      ElementInstance instance, FlowNode node, Assignment assignment, DeployedForm form) {
    state
        .userTasks()
        .put(
            new UserTask(
                state.nextKey(),
                instance.key(),
                instance.processInstanceKey(),
                instance.processDefinitionKey(),
                instance.bpmnProcessId(),
                instance.version(),
                instance.elementId(),
                node.name(),
                assignment.assignee(),
                assignment.candidateGroups(),
                assignment.candidateUsers(),
                assignment.dueDate(),
                assignment.followUpDate(),
                form == null ? null : form.key(),
                node.userTask().externalFormReference(),
                UserTaskState.CREATED,
                clock.millis(),
                0,
                node.userTask().headers()));
  }

  public void complete(long key, Map<String, JsonNode> result) {
    UserTask task = state.userTasks().get(key);
    if (task == null) {
      throw new NotFoundException(
          "Expected to complete user task with key '%d', but no such user task was found"
              .formatted(key));
    }
    if (task.state() != UserTaskState.CREATED) {
      throw new InvalidStateException(
          "Expected to complete user task with key '%d', but it is %s"
              .formatted(key, task.state().name().toLowerCase()));
    }
    state.userTasks().put(task.finished(UserTaskState.COMPLETED, clock.millis()));
    lifecycle.completeWith(state.elementInstances().get(task.elementInstanceKey()), result);
  }

  public void cancel(ElementInstance instance) {
    UserTask task = state.userTasks().openOf(instance.key());
    if (task != null) {
      state.userTasks().put(task.finished(UserTaskState.CANCELED, clock.millis()));
    }
  }
}
