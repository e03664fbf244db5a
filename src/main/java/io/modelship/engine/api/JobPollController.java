package io.modelship.engine.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.protocol.rest.ActivatedJobResult;
import io.camunda.client.protocol.rest.JobActivationRequest;
import io.camunda.client.protocol.rest.JobActivationResult;
import io.camunda.client.protocol.rest.JobKindEnum;
import io.camunda.client.protocol.rest.JobListenerEventTypeEnum;
import io.modelship.engine.ConditionalOnEngine;
import io.modelship.engine.Engine;
import io.modelship.engine.command.InvalidArgumentException;
import io.modelship.engine.command.UnavailableException;
import io.modelship.engine.job.ActivatedJob;
import io.modelship.engine.job.JobActivation;
import io.modelship.engine.job.JobPolls;
import io.modelship.engine.state.Job;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Job activation as a long poll: answered the moment jobs of the type exist, or empty at the
 * request timeout, without holding a servlet thread meanwhile. A waiting poll checks every {@value
 * #KEEP_ALIVE_MILLIS} ms that its client is still there (see {@link LongPollResponse}); a poll
 * whose client has gone leaves the engine, and jobs whose answer could not be sent are handed back,
 * activatable again at once.
 */
@RestController("engineJobPollController")
@ConditionalOnEngine
@RequestMapping("/v2/jobs")
class JobPollController implements AutoCloseable {

  /** Margin over the request timeout before the servlet container would give up on the request. */
  private static final long CONTAINER_MARGIN_MILLIS = 5_000;

  /** How often a waiting poll checks that its client is still there. */
  static final long KEEP_ALIVE_MILLIS = 100;

  private static final ObjectMapper JSON =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private final Engine engine;
  private final ScheduledExecutorService keepAlive =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "engine-poll-keep-alive"));

  /** Writes answers off the engine's writer thread, which completes them. */
  private final ExecutorService answers =
      Executors.newCachedThreadPool(r -> daemon(r, "engine-poll-answer"));

  JobPollController(Engine engine) {
    this.engine = engine;
  }

  @PostMapping("/activation")
  void activate(@RequestBody JobActivationRequest request, HttpServletRequest http) {
    long requestTimeout = JobActivation.requestTimeout(request.getRequestTimeout());
    CompletableFuture<List<ActivatedJob>> answer = new CompletableFuture<>();
    JobPolls.Poll poll =
        new JobPolls.Poll(
            request.getType(),
            request.getWorker() == null ? "" : request.getWorker(),
            request.getTimeout() == null ? -1 : request.getTimeout(),
            request.getMaxJobsToActivate() == null ? -1 : request.getMaxJobsToActivate(),
            request.getFetchVariable(),
            answer);
    // Bad requests are refused here, before anything is sent, so they get a plain 400.
    JobActivation.validate(poll);
    AsyncContext async = http.startAsync();
    async.setTimeout(Math.max(requestTimeout, 0) + CONTAINER_MARGIN_MILLIS);
    LongPollResponse response = new LongPollResponse(async);
    ScheduledFuture<?> checks =
        keepAlive.scheduleWithFixedDelay(
            () -> {
              if (!answer.isDone() && !response.keepAlive()) {
                engine.abandon(poll);
              }
            },
            KEEP_ALIVE_MILLIS,
            KEEP_ALIVE_MILLIS,
            TimeUnit.MILLISECONDS);
    answer.whenCompleteAsync(
        (jobs, failure) -> {
          checks.cancel(false);
          if (failure != null) {
            response.fail(statusOf(failure), problem(failure));
          } else if (!response.answer(body(jobs)) && !jobs.isEmpty()) {
            engine.handBack(jobs.stream().map(j -> j.job().key()).toList());
          }
        },
        answers);
    engine.poll(poll, requestTimeout);
  }

  @Override
  public void close() {
    keepAlive.shutdownNow();
    answers.shutdownNow();
  }

  private static byte[] body(List<ActivatedJob> jobs) {
    try {
      return JSON.writeValueAsBytes(
          new JobActivationResult().jobs(jobs.stream().map(JobPollController::wire).toList()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Expected activated jobs to serialise, but " + e, e);
    }
  }

  private static int statusOf(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof UnavailableException) {
      return 503;
    }
    return cause instanceof InvalidArgumentException ? 400 : 500;
  }

  private static byte[] problem(Throwable failure) {
    int status = statusOf(failure);
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    String title = status == 503 ? "UNAVAILABLE" : status == 400 ? "INVALID_ARGUMENT" : "INTERNAL";
    String detail =
        status == 500
            ? "Expected to activate jobs, but the engine failed unexpectedly; see its log"
            : cause.getMessage();
    try {
      return JSON.writeValueAsBytes(
          Map.of("type", "about:blank", "title", title, "status", status, "detail", detail));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Expected a problem to serialise, but " + e, e);
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  private static ActivatedJobResult wire(ActivatedJob activated) {
    Job job = activated.job();
    return new ActivatedJobResult()
        .type(job.type())
        .processDefinitionId(job.bpmnProcessId())
        .processDefinitionVersion(job.version())
        .elementId(job.elementId())
        .customHeaders(new LinkedHashMap<>(job.headers()))
        .worker(job.worker())
        .retries(job.retries())
        .deadline(job.deadline())
        .variables(Keys.wire(activated.variables()))
        .tenantId(ProcessInstanceController.TENANT)
        .jobKey(Keys.text(job.key()))
        .processInstanceKey(Keys.text(job.processInstanceKey()))
        .processDefinitionKey(Keys.text(job.processDefinitionKey()))
        .elementInstanceKey(Keys.text(job.elementInstanceKey()))
        .kind(job.isListener() ? JobKindEnum.EXECUTION_LISTENER : JobKindEnum.BPMN_ELEMENT)
        .listenerEventType(
            job.isListener()
                ? JobListenerEventTypeEnum.fromValue(job.listenerEventType().name())
                : JobListenerEventTypeEnum.UNSPECIFIED);
  }
}
