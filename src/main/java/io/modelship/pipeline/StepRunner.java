package io.modelship.pipeline;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.modelship.release.StepRecord;
import io.modelship.release.StepRecords;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.TransientStepException;
import io.modelship.steplog.SecretMasker;
import io.modelship.steplog.StepKey;
import io.modelship.steplog.StepLog;
import io.modelship.steplog.StepLogs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one step for one job, idempotently, and answers the engine:
 *
 * <ul>
 *   <li>A step record per (run id, step) is claimed first. A job delivered again after its step
 *       ended gets the stored result or the same BPMN error, without running the step again. A
 *       delivery that finds the step running under a live owner waits for it; one whose owner
 *       stopped beating its heartbeat takes the step over.
 *   <li>While the step runs, its heartbeat is beaten and the job's timeout extended, so a long step
 *       is not handed to another worker.
 *   <li>{@link BusinessOutcomeException}: the BPMN error with its code, and {@code failureCode} and
 *       {@code failureReason} as variables. {@link TransientStepException}: fail with the remaining
 *       retries and an exponential backoff. Anything else: fail with no retries, so an incident
 *       opens at once.
 *   <li>A failure of the bookkeeping itself (the step record's database or the step log out of
 *       reach): fail with the remaining retries after {@code modelship.steps.retry-backoff}, with a
 *       one-line message.
 * </ul>
 *
 * Messages and variables sent to the engine are masked for secrets first.
 */
@Component
public class StepRunner {

  private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);
  private static final Duration WAIT_POLL = Duration.ofMillis(300);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final CamundaClient camunda;
  private final StepRecords records;
  private final StepLogs logs;
  private final SecretMasker masker;
  private final StepProperties properties;
  private final JsonMapper json;
  private final ScheduledExecutorService heartbeats =
      Executors.newScheduledThreadPool(
          1,
          r -> {
            Thread thread = new Thread(r, "step-heartbeat");
            thread.setDaemon(true);
            return thread;
          });

  private final StepMetrics metrics;
  private final StepOwner owners;

  public StepRunner(
      CamundaClient camunda,
      StepRecords records,
      StepLogs logs,
      SecretMasker masker,
      StepProperties properties,
      JsonMapper json,
      StepMetrics metrics,
      StepOwner owners) {
    this.camunda = camunda;
    this.owners = owners;
    this.metrics = metrics;
    this.records = records;
    this.logs = logs;
    this.masker = masker;
    this.properties = properties;
    this.json = json;
  }

  /** Runs the step for the job, named by the job's element (and app inside a release). */
  public void run(JobClient client, ActivatedJob job, Step step) {
    run(client, job, j -> (String) j.getVariablesAsMap().get("runId"), step);
  }

  /** As {@link #run(JobClient, ActivatedJob, Step)}, with the run id taken by {@code runIdOf}. */
  public void run(
      JobClient client, ActivatedJob job, Function<ActivatedJob, String> runIdOf, Step step) {
    String runId = runIdOf.apply(job);
    if (runId == null || runId.isBlank()) {
      fail(client, job, 0, Duration.ZERO, "Expected variable 'runId', but the job has none");
      return;
    }
    String stepName = stepName(job);
    try {
      runOnce(client, job, runId, stepName, step);
    } catch (RuntimeException e) {
      // The step's own bookkeeping failed: the ledger's database (its step record) or the step log
      // is out of reach for a while. Without this the client's default handler would fail the job
      // with its stack trace as the message and no backoff, spending every retry within a second.
      String message =
          masker.mask(
              "Expected to keep the record and log of step "
                  + stepName
                  + " of run "
                  + runId
                  + ", but "
                  + summary(e));
      int retries = Math.max(job.getRetries() - 1, 0);
      LOG.warn("{}; failing job {} with {} retries left", message, job.getKey(), retries, e);
      fail(client, job, retries, properties.retryBackoff(), message);
    }
  }

  /**
   * The exception and its root cause on one line, e.g. {@code CannotGetJdbcConnectionException:
   * Failed to obtain JDBC Connection (ConnectException: Connection refused)}.
   */
  private static String summary(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String summary = e.getClass().getSimpleName() + ": " + e.getMessage();
    return root == e
        ? summary
        : summary + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }

  private void runOnce(
      JobClient client, ActivatedJob job, String runId, String stepName, Step step) {
    String owner = owners.next();
    long deadline = System.nanoTime() + properties.jobTimeout().toNanos();
    boolean waiting = false;
    while (true) {
      StepRecords.Begin begin =
          records.begin(runId, stepName, owner, job.getKey(), properties.staleAfter());
      switch (begin.decision()) {
        case DONE -> {
          note(
              begin.record(),
              "job " + job.getKey() + " delivered again: answering from the step record");
          answerFromRecord(client, job, begin.record());
          return;
        }
        case RUN -> {
          execute(client, job, runId, stepName, owner, begin.record().attempts(), step);
          return;
        }
        case RUNNING_ELSEWHERE -> {
          if (!waiting) {
            waiting = true;
            note(
                begin.record(),
                "job " + job.getKey() + " delivered again while the step runs: waiting for it");
          }
          if (System.nanoTime() > deadline) {
            // Give the job back without using a retry; a later delivery finds the outcome.
            client
                .newFailCommand(job)
                .retries(job.getRetries())
                .retryBackoff(properties.retryBackoff())
                .errorMessage("Step " + stepName + " is still running elsewhere")
                .send()
                .join();
            return;
          }
          extendTimeout(client, job);
          sleep(WAIT_POLL);
        }
      }
    }
  }

  private void execute(
      JobClient client,
      ActivatedJob job,
      String runId,
      String stepName,
      String owner,
      int attempt,
      Step step) {
    StepKey key = new StepKey(runId, stepName, attempt);
    ScheduledFuture<?> heartbeat =
        heartbeats.scheduleAtFixedRate(
            () -> beat(client, job, runId, stepName, owner),
            properties.heartbeat().toMillis(),
            properties.heartbeat().toMillis(),
            TimeUnit.MILLISECONDS);
    Map<String, Object> result;
    long started = System.nanoTime();
    String element = job.getElementId();
    try (StepLog log = logs.open(key)) {
      log.append("step " + stepName + " of run " + runId + ", attempt " + attempt);
      try {
        result = step.run(new StepContext(job, runId, stepName, attempt, log));
        result = result == null ? Map.of() : masked(result);
        log.append("step succeeded");
      } catch (BusinessOutcomeException e) {
        heartbeat.cancel(false);
        String message = masker.mask(e.getMessage());
        log.append("step ended with " + e.code() + ": " + message);
        metrics.record(element, attempt, StepMetrics.Outcome.BUSINESS_ERROR, since(started));
        records.failed(runId, stepName, owner, e.code().name(), message);
        throwError(client, job, e.code().name(), message);
        return;
      } catch (TransientStepException e) {
        heartbeat.cancel(false);
        String message = masker.mask(e.getMessage());
        log.append("step failed, worth retrying: " + message);
        metrics.record(
            element,
            attempt,
            job.getRetries() > 1 ? StepMetrics.Outcome.RETRY : StepMetrics.Outcome.FAILED,
            since(started));
        records.failed(runId, stepName, owner, null, message);
        fail(
            client,
            job,
            Math.max(job.getRetries() - 1, 0),
            properties.backoffAfter(attempt),
            message);
        return;
      } catch (Exception e) {
        heartbeat.cancel(false);
        String message = masker.mask(String.valueOf(e.getMessage()));
        LOG.warn("Step {} of run {} failed; no retry will cure it", stepName, runId, e);
        metrics.record(element, attempt, StepMetrics.Outcome.FAILED, since(started));
        log.append(
            "step failed, retrying will not cure it: "
                + e.getClass().getSimpleName()
                + ": "
                + message);
        records.failed(runId, stepName, owner, null, message);
        fail(client, job, 0, Duration.ZERO, e.getClass().getSimpleName() + ": " + message);
        return;
      }
    } finally {
      heartbeat.cancel(false);
    }
    metrics.record(element, attempt, StepMetrics.Outcome.SUCCEEDED, since(started));
    records.succeeded(runId, stepName, owner, json.writeValueAsString(result));
    complete(client, job, result);
  }

  /**
   * The step's variables with every secret masked, so none reaches the engine or the step record.
   * Steps return no secrets by design; this holds even when one slips into a message or summary.
   */
  @SuppressWarnings("unchecked")
  private <T> T masked(T value) {
    if (value instanceof String text) {
      return (T) masker.mask(text);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), masked(v)));
      return (T) copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(masked(v)));
      return (T) copy;
    }
    return value;
  }

  private static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  private void answerFromRecord(JobClient client, ActivatedJob job, StepRecord record) {
    if (StepRecord.SUCCEEDED.equals(record.state())) {
      Map<String, Object> result =
          record.result() == null ? Map.of() : json.readValue(record.result(), MAP);
      complete(client, job, result);
    } else {
      throwError(client, job, record.errorCode(), record.errorMessage());
    }
  }

  /** Appends a line to the log of the step's current attempt. */
  private void note(StepRecord record, String line) {
    LOG.info("{} / {}: {}", record.runId(), record.step(), line);
    try (StepLog log = logs.open(new StepKey(record.runId(), record.step(), record.attempts()))) {
      log.append(line);
    } catch (RuntimeException e) {
      LOG.debug("Could not note in the step log: {}", e.getMessage());
    }
  }

  private void beat(JobClient client, ActivatedJob job, String runId, String step, String owner) {
    try {
      if (records.heartbeat(runId, step, owner)) {
        extendTimeout(client, job);
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not beat the heartbeat of {} / {}: {}", runId, step, e.getMessage());
    }
  }

  private void extendTimeout(JobClient client, ActivatedJob job) {
    try {
      camunda.newUpdateTimeoutCommand(job).timeout(properties.jobTimeout()).send().join();
    } catch (RuntimeException e) {
      LOG.debug("Could not extend the timeout of job {}: {}", job.getKey(), e.getMessage());
    }
  }

  private void complete(JobClient client, ActivatedJob job, Map<String, Object> variables) {
    try {
      client.newCompleteCommand(job).variables(variables).send().join();
    } catch (RuntimeException e) {
      // Another delivery of the same job may have completed it first; its result is the same.
      LOG.info("Job {} was not completed by this delivery: {}", job.getKey(), e.getMessage());
    }
  }

  private void throwError(JobClient client, ActivatedJob job, String code, String message) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("failureCode", code);
    variables.put("failureReason", message);
    try {
      client
          .newThrowErrorCommand(job)
          .errorCode(code)
          .errorMessage(message)
          .variables(variables)
          .send()
          .join();
    } catch (RuntimeException e) {
      LOG.info("Job {} error was not thrown by this delivery: {}", job.getKey(), e.getMessage());
    }
  }

  private void fail(
      JobClient client, ActivatedJob job, int retries, Duration backoff, String message) {
    try {
      client
          .newFailCommand(job)
          .retries(retries)
          .retryBackoff(backoff)
          .errorMessage(message)
          .send()
          .join();
    } catch (RuntimeException e) {
      LOG.info("Job {} was not failed by this delivery: {}", job.getKey(), e.getMessage());
    }
  }

  /**
   * The step's name: the BPMN element id, and inside the per-app release sub-process, {@code
   * .<app>} after it, since the same element runs once per app.
   */
  static String stepName(ActivatedJob job) {
    Object app = job.getVariablesAsMap().get("app");
    if (Processes.NIGHTLY_RELEASE.equals(job.getBpmnProcessId()) && app instanceof String a) {
      return job.getElementId() + "." + a;
    }
    return job.getElementId();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a step", e);
    }
  }
}
