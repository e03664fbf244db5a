package io.modelship.engine.grpc;

import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivatedJob;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CompleteJobRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CompleteJobResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.FailJobRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.FailJobResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.StreamActivatedJobsRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ThrowErrorRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ThrowErrorResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobRetriesRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobRetriesResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobTimeoutRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobTimeoutResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.modelship.engine.Engine;
import io.modelship.engine.command.InvalidArgumentException;
import io.modelship.engine.job.JobActivation;
import io.modelship.engine.job.JobPolls;
import io.modelship.engine.state.Job;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Jobs over gRPC: completion, failure, errors, retries and time-outs; {@code ActivateJobs} as a
 * long poll (the same parked polls as REST), and {@code StreamActivatedJobs}, job push: the engine
 * activates each new job of the stream's type for it and sends it the moment the activation is
 * committed, so a worker never waits for a poll to come round.
 */
final class JobService {

  private final Engine engine;
  private final Commands commands;

  JobService(Engine engine, Commands commands) {
    this.engine = engine;
    this.commands = commands;
  }

  void complete(CompleteJobRequest request, StreamObserver<CompleteJobResponse> response) {
    commands.command(
        response,
        request.getVariables(),
        variables -> engine.jobs().complete(request.getJobKey(), variables),
        CompleteJobResponse.getDefaultInstance());
  }

  void fail(FailJobRequest request, StreamObserver<FailJobResponse> response) {
    commands.command(
        response,
        request.getVariables(),
        variables ->
            engine
                .jobs()
                .fail(
                    request.getJobKey(),
                    request.getRetries(),
                    request.getErrorMessage(),
                    request.getRetryBackOff(),
                    variables),
        FailJobResponse.getDefaultInstance());
  }

  void throwError(ThrowErrorRequest request, StreamObserver<ThrowErrorResponse> response) {
    commands.command(
        response,
        request.getVariables(),
        variables ->
            engine
                .jobs()
                .throwError(
                    request.getJobKey(),
                    request.getErrorCode(),
                    request.getErrorMessage(),
                    variables),
        ThrowErrorResponse.getDefaultInstance());
  }

  void updateRetries(
      UpdateJobRetriesRequest request, StreamObserver<UpdateJobRetriesResponse> response) {
    commands.command(
        response,
        () -> engine.jobs().update(request.getJobKey(), request.getRetries(), null),
        UpdateJobRetriesResponse.getDefaultInstance());
  }

  void updateTimeout(
      UpdateJobTimeoutRequest request, StreamObserver<UpdateJobTimeoutResponse> response) {
    commands.command(
        response,
        () -> engine.jobs().update(request.getJobKey(), null, request.getTimeout()),
        UpdateJobTimeoutResponse.getDefaultInstance());
  }

  void activate(ActivateJobsRequest request, StreamObserver<ActivateJobsResponse> response) {
    long requestTimeout =
        request.getRequestTimeout() < 0
            ? -1
            : JobActivation.requestTimeout(request.getRequestTimeout());
    CompletableFuture<List<io.modelship.engine.job.ActivatedJob>> answer =
        new CompletableFuture<>();
    answer.whenComplete(
        (jobs, failure) -> {
          if (failure != null) {
            response.onError(Statuses.of(failure));
            return;
          }
          try {
            var result = ActivateJobsResponse.newBuilder();
            jobs.forEach(job -> result.addJobs(wire(job)));
            response.onNext(result.build());
            response.onCompleted();
          } catch (RuntimeException gone) {
            // The worker went away meanwhile; its jobs time out and are handed out again.
          }
        });
    JobPolls.Poll poll =
        new JobPolls.Poll(
            request.getType(),
            request.getWorker(),
            request.getTimeout(),
            request.getMaxJobsToActivate(),
            request.getFetchVariableList(),
            answer);
    engine.poll(poll, requestTimeout);
  }

  void stream(StreamActivatedJobsRequest request, StreamObserver<ActivatedJob> response) {
    if (request.getType().isBlank() || request.getTimeout() < 1) {
      response.onError(
          Statuses.of(
              new InvalidArgumentException(
                  "Expected a job type and a timeout of at least 1 ms to stream jobs, but got type '%s' and timeout %d"
                      .formatted(request.getType(), request.getTimeout()))));
      return;
    }
    ServerCallStreamObserver<ActivatedJob> call = (ServerCallStreamObserver<ActivatedJob>) response;
    JobPolls.Stream stream =
        new JobPolls.Stream(
            request.getType(),
            request.getWorker(),
            request.getTimeout(),
            request.getFetchVariableList(),
            job -> {
              if (call.isCancelled()) {
                return false;
              }
              try {
                call.onNext(wire(job));
                return true;
              } catch (RuntimeException gone) {
                return false;
              }
            });
    call.setOnCancelHandler(() -> engine.jobStreams(polls -> polls.close(stream)));
    engine.jobStreams(polls -> polls.open(stream));
  }

  static ActivatedJob wire(io.modelship.engine.job.ActivatedJob activated) {
    Job job = activated.job();
    return ActivatedJob.newBuilder()
        .setKey(job.key())
        .setType(job.type())
        .setProcessInstanceKey(job.processInstanceKey())
        .setBpmnProcessId(job.bpmnProcessId())
        .setProcessDefinitionVersion(job.version())
        .setProcessDefinitionKey(job.processDefinitionKey())
        .setElementId(job.elementId())
        .setElementInstanceKey(job.elementInstanceKey())
        .setCustomHeaders(Json.document(job.headers()))
        .setWorker(job.worker() == null ? "" : job.worker())
        .setRetries(job.retries())
        .setDeadline(job.deadline())
        .setVariables(Json.document(activated.variables()))
        .setTenantId(GatewayService.TENANT)
        .setKind(
            job.isListener()
                ? ActivatedJob.JobKind.EXECUTION_LISTENER
                : ActivatedJob.JobKind.BPMN_ELEMENT)
        .setListenerEventType(
            job.isListener()
                ? ActivatedJob.ListenerEventType.valueOf(job.listenerEventType().name())
                : ActivatedJob.ListenerEventType.UNSPECIFIED)
        .build();
  }
}
