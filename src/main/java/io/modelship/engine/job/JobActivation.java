package io.modelship.engine.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.command.InvalidArgumentException;
import io.modelship.engine.lifecycle.VariableScopes;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.Job;
import io.modelship.engine.timer.EngineClock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Activates jobs for workers: at once when some are activatable, else by long polling. */
public final class JobActivation {

  /** Zeebe's default long-polling timeout, used when a request gives 0. */
  private static final long DEFAULT_REQUEST_TIMEOUT = 10_000;

  private final EngineState state;
  private final EngineClock clock;
  private final VariableScopes variables;
  private final JobPolls polls;

  public JobActivation(
      EngineState state, EngineClock clock, VariableScopes variables, JobPolls polls) {
    this.state = state;
    this.clock = clock;
    this.variables = variables;
    this.polls = polls;
    polls.use(this);
  }

  /**
   * Handles an activation request: activates up to {@code maxJobs} jobs now, or parks the request
   * until jobs come or its request timeout passes ({@code requestTimeout < 0}: never parks).
   *
   * @return the poll parked, whose answer completes later; null when answered at once
   */
  public JobPolls.Poll activateOrWait(JobPolls.Poll request, long requestTimeout) {
    validate(request);
    List<ActivatedJob> jobs =
        activate(
            request.type(),
            request.worker(),
            request.timeoutMillis(),
            request.maxJobs(),
            request.fetchVariables());
    if (!jobs.isEmpty() || requestTimeout < 0 || polls.isClosing()) {
      polls.answer(request, jobs);
      return null;
    }
    polls.await(request);
    return request;
  }

  /** Rejects a request that could never activate a job. */
  public static void validate(JobPolls.Poll request) {
    if (request.type() == null || request.type().isBlank()) {
      throw new InvalidArgumentException("Expected a job type to activate, but none was given");
    }
    if (request.maxJobs() < 1) {
      throw new InvalidArgumentException(
          "Expected maxJobsToActivate to be at least 1, but was %d".formatted(request.maxJobs()));
    }
    if (request.timeoutMillis() < 1) {
      throw new InvalidArgumentException(
          "Expected a job timeout of at least 1 ms, but was %d".formatted(request.timeoutMillis()));
    }
  }

  /** The long-polling timeout a request asked for. */
  public static long requestTimeout(Long requested) {
    return requested == null || requested == 0 ? DEFAULT_REQUEST_TIMEOUT : requested;
  }

  List<ActivatedJob> activate(
      String type, String worker, long timeoutMillis, int maxJobs, List<String> fetchVariables) {
    List<ActivatedJob> result = new ArrayList<>();
    Iterator<Long> keys = state.jobs().activatable(type);
    List<Long> chosen = new ArrayList<>();
    while (keys.hasNext() && chosen.size() < maxJobs) {
      chosen.add(keys.next());
    }
    long deadline = clock.millis() + timeoutMillis;
    for (long key : chosen) {
      Job job = state.jobs().get(key).activated(worker, deadline);
      state.jobs().put(job);
      result.add(new ActivatedJob(job, variablesFor(job, fetchVariables)));
    }
    return result;
  }

  /**
   * A job pushed to a stream or answered to a poll whose worker was gone: activatable again at
   * once, without using a retry. Writer thread only.
   */
  public void handBack(long key) {
    Job job = state.jobs().get(key);
    if (job != null && job.state() == io.modelship.engine.state.JobState.ACTIVATED) {
      state.jobs().put(job.activatable());
      polls.jobsAvailable(job.type());
    }
  }

  private Map<String, JsonNode> variablesFor(Job job, List<String> fetch) {
    Map<String, JsonNode> visible = variables.visible(job.elementInstanceKey());
    if (fetch == null || fetch.isEmpty()) {
      return visible;
    }
    Map<String, JsonNode> selected = new LinkedHashMap<>();
    for (String name : fetch) {
      if (visible.containsKey(name)) {
        selected.put(name, visible.get(name));
      }
    }
    return selected;
  }
}
