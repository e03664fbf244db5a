package io.modelship.engine.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.command.InvalidArgumentException;
import io.modelship.engine.command.InvalidStateException;
import io.modelship.engine.command.NotFoundException;
import io.modelship.engine.feel.ExpressionException;
import io.modelship.engine.feel.FeelExpressions;
import io.modelship.engine.incident.OpenIncidents;
import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.lifecycle.ErrorEvents;
import io.modelship.engine.lifecycle.ListenerJobs;
import io.modelship.engine.lifecycle.VariableScopes;
import io.modelship.engine.model.ExecutionListener;
import io.modelship.engine.model.JobDefinition;
import io.modelship.engine.state.Due;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.IncidentType;
import io.modelship.engine.state.Job;
import io.modelship.engine.state.JobState;
import io.modelship.engine.timer.EngineClock;
import java.util.Map;

/**
 * The job lifecycle as Zeebe documents it: created activatable; activated until its deadline (a
 * time-out makes it activatable again without using a retry); completed; failed with retries left
 * (activatable again after the back-off) or with none (an incident); or an error thrown. The jobs
 * of execution listeners live the same way, but cannot throw errors, and their completion lets
 * their element go on (see {@link ElementLifecycle#listenerCompleted}).
 */
public final class JobLifecycle implements ListenerJobs {

  private final EngineState state;
  private final EngineClock clock;
  private final ElementLifecycle lifecycle;
  private final ErrorEvents errors;
  private final VariableScopes variables;
  private final OpenIncidents incidents;
  private final JobPolls polls;
  private final FeelExpressions feel;

  public JobLifecycle(
      EngineState state,
      EngineClock clock,
      ElementLifecycle lifecycle,
      ErrorEvents errors,
      VariableScopes variables,
      OpenIncidents incidents,
      JobPolls polls,
      FeelExpressions feel) {
    this.state = state;
    this.clock = clock;
    this.lifecycle = lifecycle;
    this.errors = errors;
    this.variables = variables;
    this.incidents = incidents;
    this.polls = polls;
    this.feel = feel;
  }

  /**
   * Creates the job of a job-worker task ({@code listener} null) or of an element's execution
   * listener (the {@code index}th of its kind), evaluating its type and retries where it runs.
   *
   * @throws ExpressionException when the type is not a non-empty string or the retries no number
   */
  @Override
  public void create(
      ElementInstance instance,
      JobDefinition definition,
      ExecutionListener.EventType listener,
      int index) {
    Map<String, JsonNode> context = variables.visible(instance.key());
    JsonNode type = feel.evaluate(definition.type(), context);
    if (!type.isTextual() || type.asText().isBlank()) {
      throw new ExpressionException(
          "Expected result of the expression '%s' to be a non-empty 'STRING', but was %s"
              .formatted(definition.type().text(), type));
    }
    JsonNode retries = feel.evaluate(definition.retries(), context);
    if (!retries.canConvertToInt() && !(retries.isTextual() && retries.asText().matches("\\d+"))) {
      throw new ExpressionException(
          "Expected result of the expression '%s' to be a 'NUMBER', but was %s"
              .formatted(definition.retries().text(), retries));
    }
    Job job =
        new Job(
            state.nextKey(),
            type.asText(),
            JobState.ACTIVATABLE,
            retries.asInt(),
            0,
            null,
            null,
            0,
            definition.headers(),
            instance.key(),
            instance.processInstanceKey(),
            instance.processDefinitionKey(),
            instance.bpmnProcessId(),
            instance.version(),
            instance.elementId(),
            listener,
            index);
    state.jobs().put(job);
    polls.jobsAvailable(job.type());
  }

  public void complete(long key, Map<String, JsonNode> result) {
    Job job = existing(key, "complete");
    if (job.state() == JobState.FAILED) {
      throw new InvalidStateException(
          "Expected to complete job with key '%d', but it is failed and waits for %s"
              .formatted(key, job.retries() > 0 ? "its retry back-off" : "an incident"));
    }
    state.jobs().remove(key);
    ElementInstance instance = state.elementInstances().get(job.elementInstanceKey());
    if (job.isListener()) {
      lifecycle.listenerCompleted(instance, job.listenerEventType(), job.listenerIndex(), result);
    } else {
      lifecycle.completeWith(instance, result);
    }
  }

  public void fail(
      long key, int retries, String message, long backOffMillis, Map<String, JsonNode> vars) {
    Job job = existing(key, "fail");
    if (job.state() != JobState.ACTIVATED) {
      throw new InvalidStateException(
          "Expected to fail an activated job with key '%d', but it is %s"
              .formatted(key, job.state().name().toLowerCase()));
    }
    if (backOffMillis < 0) {
      throw new InvalidArgumentException(
          "Expected retryBackOff to be 0 or more, but was %d".formatted(backOffMillis));
    }
    ElementInstance instance = state.elementInstances().get(job.elementInstanceKey());
    variables.setLocal(instance, vars);
    if (retries > 0 && backOffMillis == 0) {
      state.jobs().put(job.failed(retries, message, 0).activatable());
      polls.jobsAvailable(job.type());
    } else if (retries > 0) {
      state.jobs().put(job.failed(retries, message, clock.millis() + backOffMillis));
    } else {
      state.jobs().put(job.failed(0, message, 0));
      incidents.raise(
          instance,
          job.isListener()
              ? IncidentType.EXECUTION_LISTENER_NO_RETRIES
              : IncidentType.JOB_NO_RETRIES,
          message == null || message.isBlank() ? "No more retries left." : message,
          key);
    }
  }

  public void throwError(long key, String code, String message, Map<String, JsonNode> vars) {
    Job job = existing(key, "throw an error for");
    if (code == null || code.isBlank()) {
      throw new InvalidArgumentException(
          "Expected an error code to throw for job with key '%d', but none was given"
              .formatted(key));
    }
    if (job.state() == JobState.FAILED) {
      throw new InvalidStateException(
          "Expected to throw an error for job with key '%d', but it is failed".formatted(key));
    }
    if (job.isListener()) {
      throw new InvalidStateException(
          "Expected to throw an error for job with key '%d', but it is the job of an execution listener, which cannot throw BPMN errors"
              .formatted(key));
    }
    ElementInstance instance = state.elementInstances().get(job.elementInstanceKey());
    if (!errors.throwError(instance, code, vars)) {
      state.jobs().put(job.failed(job.retries(), message, 0));
      incidents.raise(
          instance,
          IncidentType.UNHANDLED_ERROR_EVENT,
          "Expected to throw an error event with the code '%s'%s, but it was not caught. No error events are available in the scope."
              .formatted(
                  code,
                  message == null || message.isBlank() ? "" : " with message '" + message + "'"),
          key);
    }
  }

  public void update(long key, Integer retries, Long timeoutMillis) {
    Job job = existing(key, "update");
    if (retries != null && retries < 1) {
      throw new InvalidArgumentException(
          "Expected to update job with key '%d' to at least 1 retry, but was %d"
              .formatted(key, retries));
    }
    if (timeoutMillis != null && job.state() != JobState.ACTIVATED) {
      throw new InvalidStateException(
          "Expected to update the timeout of an activated job with key '%d', but it is %s"
              .formatted(key, job.state().name().toLowerCase()));
    }
    if (timeoutMillis != null && timeoutMillis < 1) {
      throw new InvalidArgumentException(
          "Expected a timeout of at least 1 ms for job with key '%d', but was %d"
              .formatted(key, timeoutMillis));
    }
    Job updated = retries == null ? job : job.withRetries(retries);
    if (timeoutMillis != null) {
      updated = updated.withDeadline(clock.millis() + timeoutMillis);
    }
    state.jobs().put(updated);
  }

  /** After an incident on the job is resolved: activatable again if it has retries. */
  public boolean retry(long key) {
    Job job = state.jobs().get(key);
    if (job == null || job.retries() < 1) {
      return false;
    }
    state.jobs().put(job.activatable());
    polls.jobsAvailable(job.type());
    return true;
  }

  /** Removes the job of a terminated element. */
  public void cancel(ElementInstance instance) {
    Job job = state.jobs().ofElementInstance(instance.key());
    if (job != null) {
      state.jobs().remove(job.key());
    }
  }

  /** Times out activated jobs and ends back-offs that are due on the engine clock. */
  public void fireDue() {
    long now = clock.millis();
    Due due;
    while ((due = state.jobs().nextDue()) != null && due.millis() <= now) {
      Job job = state.jobs().get(due.key());
      state.jobs().put(job.activatable());
      polls.jobsAvailable(job.type());
    }
  }

  private Job existing(long key, String verb) {
    Job job = state.jobs().get(key);
    if (job == null) {
      throw new NotFoundException(
          "Expected to %s job with key '%d', but no such job was found".formatted(verb, key));
    }
    return job;
  }
}
