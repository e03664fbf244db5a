package io.modelship.engine.api;

import io.camunda.client.protocol.rest.JobCompletionRequest;
import io.camunda.client.protocol.rest.JobErrorRequest;
import io.camunda.client.protocol.rest.JobFailRequest;
import io.camunda.client.protocol.rest.JobUpdateRequest;
import io.modelship.engine.ConditionalOnEngine;
import io.modelship.engine.Engine;
import io.modelship.engine.command.InvalidArgumentException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The job API's commands on one job; activation is {@link JobPollController}'s. Each is answered on
 * its request thread once durable (see {@link Committed}).
 */
@RestController("engineJobController")
@ConditionalOnEngine
@RequestMapping("/v2/jobs")
class JobController {

  private final Engine engine;
  private final Committed committed;

  JobController(Engine engine, Committed committed) {
    this.engine = engine;
    this.committed = committed;
  }

  @PostMapping("/{key}/completion")
  ResponseEntity<Void> complete(
      @PathVariable String key, @RequestBody(required = false) JobCompletionRequest request) {
    long jobKey = Keys.parse(key, "jobKey");
    var variables = Keys.variables(request == null ? null : request.getVariables());
    return command(() -> engine.jobs().complete(jobKey, variables));
  }

  @PostMapping("/{key}/failure")
  ResponseEntity<Void> fail(
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
  ResponseEntity<Void> error(@PathVariable String key, @RequestBody JobErrorRequest request) {
    long jobKey = Keys.parse(key, "jobKey");
    var variables = Keys.variables(request.getVariables());
    return command(
        () ->
            engine
                .jobs()
                .throwError(jobKey, request.getErrorCode(), request.getErrorMessage(), variables));
  }

  @PatchMapping("/{key}")
  ResponseEntity<Void> update(@PathVariable String key, @RequestBody JobUpdateRequest request) {
    long jobKey = Keys.parse(key, "jobKey");
    if (request.getChangeset() == null) {
      throw new InvalidArgumentException(
          "Expected a changeset with retries or timeout, but none was given");
    }
    Integer retries = request.getChangeset().getRetries();
    Long timeout = request.getChangeset().getTimeout();
    return command(() -> engine.jobs().update(jobKey, retries, timeout));
  }

  private ResponseEntity<Void> command(Runnable action) {
    return committed.await(
        engine
            .writer()
            .submit(
                () -> {
                  action.run();
                  return ResponseEntity.noContent().<Void>build();
                }));
  }
}
