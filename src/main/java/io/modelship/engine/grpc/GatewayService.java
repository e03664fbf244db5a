package io.modelship.engine.grpc;

import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.BrokerInfo;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CancelProcessInstanceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CancelProcessInstanceResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CompleteJobRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CompleteJobResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DeployResourceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DeployResourceResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.Deployment;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.FailJobRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.FailJobResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.FormMetadata;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.Partition;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ProcessMetadata;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.PublishMessageRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.PublishMessageResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ResolveIncidentRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ResolveIncidentResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.SetVariablesRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.SetVariablesResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ThrowErrorRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ThrowErrorResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.TopologyRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.TopologyResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobRetriesRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobRetriesResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobTimeoutRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobTimeoutResponse;
import io.grpc.stub.StreamObserver;
import io.modelship.engine.Engine;
import io.modelship.engine.deployment.Resource;
import io.modelship.engine.state.DeployedForm;
import io.modelship.engine.state.DeployedProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The Zeebe gateway's gRPC commands, served by the embedded engine, for clients that send commands
 * over gRPC (such as Camunda Process Test's client, which always does). Each command goes through
 * the same engine operations as its REST twin; job activation and job push are in {@link
 * JobService}. Commands the engine does not serve answer UNIMPLEMENTED.
 */
final class GatewayService extends GatewayGrpc.GatewayImplBase {

  static final String TENANT = "<default>";
  private static final String VERSION = "8.9.0";

  private final Engine engine;
  private final JobService jobs;
  private final Commands commands;
  private final String host;
  private final int port;

  GatewayService(Engine engine, String host, int port) {
    this.engine = engine;
    this.commands = new Commands(engine);
    this.jobs = new JobService(engine, commands);
    this.host = host;
    this.port = port;
  }

  @Override
  public void topology(TopologyRequest request, StreamObserver<TopologyResponse> response) {
    answer(
        response,
        CompletableFuture.completedFuture(
            TopologyResponse.newBuilder()
                .addBrokers(
                    BrokerInfo.newBuilder()
                        .setNodeId(0)
                        .setHost(host)
                        .setPort(port)
                        .setVersion(VERSION)
                        .addPartitions(
                            Partition.newBuilder()
                                .setPartitionId(1)
                                .setRole(Partition.PartitionBrokerRole.LEADER)
                                .setHealth(Partition.PartitionBrokerHealth.HEALTHY)))
                .setClusterSize(1)
                .setPartitionsCount(1)
                .setReplicationFactor(1)
                .setGatewayVersion(VERSION)
                .build()));
  }

  @Override
  public void deployResource(
      DeployResourceRequest request, StreamObserver<DeployResourceResponse> response) {
    Commands.run(
        response,
        () -> {
          List<Resource> resources = new ArrayList<>();
          request
              .getResourcesList()
              .forEach(r -> resources.add(new Resource(r.getName(), r.getContent().toByteArray())));
          var validated = engine.deployments().validate(resources);
          return engine.writer().submit(() -> engine.deployments().deploy(validated));
        },
        deployed -> {
          var result = DeployResourceResponse.newBuilder().setKey(deployed.deploymentKey());
          for (DeployedProcess p : deployed.processes()) {
            result.addDeployments(
                Deployment.newBuilder()
                    .setProcess(
                        ProcessMetadata.newBuilder()
                            .setBpmnProcessId(p.bpmnProcessId())
                            .setVersion(p.version())
                            .setProcessDefinitionKey(p.key())
                            .setResourceName(p.resourceName())
                            .setTenantId(TENANT)));
          }
          for (DeployedForm f : deployed.forms()) {
            result.addDeployments(
                Deployment.newBuilder()
                    .setForm(
                        FormMetadata.newBuilder()
                            .setFormId(f.formId())
                            .setVersion(f.version())
                            .setFormKey(f.key())
                            .setResourceName(f.resourceName())
                            .setTenantId(TENANT)));
          }
          return result.setTenantId(TENANT).build();
        });
  }

  @Override
  public void createProcessInstance(
      CreateProcessInstanceRequest request,
      StreamObserver<CreateProcessInstanceResponse> response) {
    Commands.run(
        response,
        () -> {
          if (request.getStartInstructionsCount() > 0) {
            throw new io.modelship.engine.command.InvalidArgumentException(
                "Expected no start instructions, but the engine starts instances only at their none start event");
          }
          var variables = Json.variables(request.getVariables());
          Long key =
              request.getProcessDefinitionKey() > 0 ? request.getProcessDefinitionKey() : null;
          return engine
              .writer()
              .submit(
                  () ->
                      engine
                          .processInstances()
                          .create(
                              key, request.getBpmnProcessId(), request.getVersion(), variables));
        },
        instance ->
            CreateProcessInstanceResponse.newBuilder()
                .setProcessDefinitionKey(instance.processDefinitionKey())
                .setBpmnProcessId(instance.bpmnProcessId())
                .setVersion(instance.version())
                .setProcessInstanceKey(instance.key())
                .setTenantId(TENANT)
                .build());
  }

  @Override
  public void cancelProcessInstance(
      CancelProcessInstanceRequest request,
      StreamObserver<CancelProcessInstanceResponse> response) {
    commands.command(
        response,
        () -> engine.processInstances().cancel(request.getProcessInstanceKey()),
        CancelProcessInstanceResponse.getDefaultInstance());
  }

  @Override
  public void activateJobs(
      io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsRequest request,
      StreamObserver<io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsResponse>
          response) {
    jobs.activate(request, response);
  }

  @Override
  public void streamActivatedJobs(
      io.camunda.zeebe.gateway.protocol.GatewayOuterClass.StreamActivatedJobsRequest request,
      StreamObserver<io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivatedJob> response) {
    jobs.stream(request, response);
  }

  @Override
  public void completeJob(
      CompleteJobRequest request, StreamObserver<CompleteJobResponse> response) {
    jobs.complete(request, response);
  }

  @Override
  public void failJob(FailJobRequest request, StreamObserver<FailJobResponse> response) {
    jobs.fail(request, response);
  }

  @Override
  public void throwError(ThrowErrorRequest request, StreamObserver<ThrowErrorResponse> response) {
    jobs.throwError(request, response);
  }

  @Override
  public void updateJobRetries(
      UpdateJobRetriesRequest request, StreamObserver<UpdateJobRetriesResponse> response) {
    jobs.updateRetries(request, response);
  }

  @Override
  public void updateJobTimeout(
      UpdateJobTimeoutRequest request, StreamObserver<UpdateJobTimeoutResponse> response) {
    jobs.updateTimeout(request, response);
  }

  @Override
  public void publishMessage(
      PublishMessageRequest request, StreamObserver<PublishMessageResponse> response) {
    Commands.run(
        response,
        () -> {
          var variables = Json.variables(request.getVariables());
          return engine.publish(
              request.getName(),
              request.getCorrelationKey(),
              request.getTimeToLive(),
              request.getMessageId(),
              variables);
        },
        key -> PublishMessageResponse.newBuilder().setKey(key).setTenantId(TENANT).build());
  }

  @Override
  public void broadcastSignal(
      io.camunda.zeebe.gateway.protocol.GatewayOuterClass.BroadcastSignalRequest request,
      StreamObserver<io.camunda.zeebe.gateway.protocol.GatewayOuterClass.BroadcastSignalResponse>
          response) {
    Commands.run(
        response,
        () -> {
          var variables = Json.variables(request.getVariables());
          return engine
              .writer()
              .submit(() -> engine.messages().broadcast(request.getSignalName(), variables));
        },
        key ->
            io.camunda.zeebe.gateway.protocol.GatewayOuterClass.BroadcastSignalResponse.newBuilder()
                .setKey(key)
                .setTenantId(TENANT)
                .build());
  }

  @Override
  public void resolveIncident(
      ResolveIncidentRequest request, StreamObserver<ResolveIncidentResponse> response) {
    commands.command(
        response,
        () -> engine.incidents().resolve(request.getIncidentKey()),
        ResolveIncidentResponse.getDefaultInstance());
  }

  @Override
  public void setVariables(
      SetVariablesRequest request, StreamObserver<SetVariablesResponse> response) {
    commands.command(
        response,
        request.getVariables(),
        variables ->
            engine
                .processInstances()
                .setVariables(request.getElementInstanceKey(), variables, request.getLocal()),
        SetVariablesResponse.getDefaultInstance());
  }

  private static <R> void answer(StreamObserver<R> response, CompletableFuture<R> value) {
    Commands.run(response, () -> value, Function.identity());
  }
}
