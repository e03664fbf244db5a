package io.modelship.engine.api;

import io.camunda.client.protocol.rest.ActivatedJobResult;
import io.camunda.client.protocol.rest.JobActivationRequest;
import io.camunda.client.protocol.rest.JobActivationResult;
import io.camunda.client.protocol.rest.JobCompletionRequest;
import io.camunda.client.protocol.rest.JobErrorRequest;
import io.camunda.client.protocol.rest.JobFailRequest;
import io.camunda.client.protocol.rest.JobKindEnum;
import io.camunda.client.protocol.rest.JobListenerEventTypeEnum;
import io.camunda.client.protocol.rest.JobUpdateRequest;
import io.modelship.engine.ConditionalOnEngine;
import io.modelship.engine.Engine;
import io.modelship.engine.command.InvalidArgumentException;
import io.modelship.engine.job.ActivatedJob;
import io.modelship.engine.job.JobActivation;
import io.modelship.engine.job.JobPolls;
import io.modelship.engine.state.Job;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The job API. Activation is a long poll: answered the moment jobs of the type exist, or empty at
 * the request timeout, without holding a servlet thread meanwhile.
 */
@RestController("engineJobController")
@ConditionalOnEngine
@RequestMapping("/v2/jobs")
class JobController {

  /** Margin over the request timeout before the servlet container would give up on the request. */
  private static final long CONTAINER_MARGIN_MILLIS = 5_000;

  private final Engine engine;

  JobController(Engine engine) {
    this.engine = engine;
  }

  @PostMapping("/activation")
  DeferredResult<JobActivationResult> activate(@RequestBody JobActivationRequest request) {
    long requestTimeout = JobActivation.requestTimeout(request.getRequestTimeout());
    DeferredResult<JobActivationResult> result =
        new DeferredResult<>(
            Math.max(requestTimeout, 0) + CONTAINER_MARGIN_MILLIS,
            new JobActivationResult().jobs(List.of()));
    CompletableFuture<List<ActivatedJob>> answer = new CompletableFuture<>();
    answer.whenComplete(
        (jobs, failure) -> {
          if (failure != null) {
            result.setErrorResult(failure);
          } else {
            result.setResult(
                new JobActivationResult().jobs(jobs.stream().map(JobController::wire).toList()));
          }
        });
    JobPolls.Poll poll =
        new JobPolls.Poll(
            request.getType(),
            request.getWorker() == null ? "" : request.getWorker(),
            request.getTimeout() == null ? -1 : request.getTimeout(),
            request.getMaxJobsToActivate() == null ? -1 : request.getMaxJobsToActivate(),
            request.getFetchVariable(),
            answer);
    engine.poll(poll, requestTimeout);
    return result;
  }

  @PostMapping("/{key}/completion")
  CompletableFuture<ResponseEntity<Void>> complete(
      @PathVariable String key, @RequestBody(required = false) JobCompletionRequest request) {
    long jobKey = Keys.parse(key, "jobKey");
    var variables = Keys.variables(request == null ? null : request.getVariables());
    return command(() -> engine.jobs().complete(jobKey, variables));
  }

  @PostMapping("/{key}/failure")
  CompletableFuture<ResponseEntity<Void>> fail(
      @PathVariable String key, @RequestBody(required = false) JobFailRequest request) {
    long jobKey = Keys.parse(key, "jobKey");
    JobFailRequest body = request == null ? new JobFailRequest() : request;
    var variables = Keys.variables(body.getVariables());
    int retries = body.getRetries() == null ? 0 : body.getRetries();
    long backOff = body.getRetryBackOff() == null ? 0 : body.getRetryBackOff();
    return command(
        () -> engine.jobs().fail(jobKey, retries, body.getErrorMessage(), backOff, variables));
  }

  @PostMapping("/{key}/error")
  CompletableFuture<ResponseEntity<Void>> error(
      @PathVariable String key, @RequestBody JobErrorRequest request) {
    long jobKey = Keys.parse(key, "jobKey");
    var variables = Keys.variables(request.getVariables());
    return command(
        () ->
            engine
                .jobs()
                .throwError(jobKey, request.getErrorCode(), request.getErrorMessage(), variables));
  }

  @PatchMapping("/{key}")
  CompletableFuture<ResponseEntity<Void>> update(
      @PathVariable String key, @RequestBody JobUpdateRequest request) {
    long jobKey = Keys.parse(key, "jobKey");
    if (request.getChangeset() == null) {
      throw new InvalidArgumentException(
          "Expected a changeset with retries or timeout, but none was given");
    }
    Integer retries = request.getChangeset().getRetries();
    Long timeout = request.getChangeset().getTimeout();
    return command(() -> engine.jobs().update(jobKey, retries, timeout));
  }

  private CompletableFuture<ResponseEntity<Void>> command(Runnable action) {
    return engine
        .writer()
        .submit(
            () -> {
              action.run();
              return ResponseEntity.noContent().<Void>build();
            });
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
