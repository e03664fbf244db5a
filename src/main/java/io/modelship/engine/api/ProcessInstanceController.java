package io.modelship.engine.api;

import io.camunda.client.protocol.rest.CreateProcessInstanceResult;
import io.camunda.client.protocol.rest.ProcessInstanceCreationInstruction;
import io.camunda.client.protocol.rest.ProcessInstanceSequenceFlowResult;
import io.camunda.client.protocol.rest.ProcessInstanceSequenceFlowsQueryResult;
import io.modelship.engine.ConditionalOnEngine;
import io.modelship.engine.Engine;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.TakenFlow;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v2/process-instances}, {@code .../{key}/cancellation} and {@code
 * .../{key}/sequence-flows}.
 */
@RestController("engineProcessInstanceController")
@ConditionalOnEngine
@RequestMapping("/v2/process-instances")
class ProcessInstanceController {

  static final String TENANT = "<default>";

  private final Engine engine;
  private final Committed committed;

  ProcessInstanceController(Engine engine, Committed committed) {
    this.engine = engine;
    this.committed = committed;
  }

  @PostMapping
  CreateProcessInstanceResult create(@RequestBody ProcessInstanceCreationInstruction request) {
    Long definitionKey =
        request.getProcessDefinitionKey() == null
            ? null
            : Keys.parse(request.getProcessDefinitionKey(), "processDefinitionKey");
    var variables = Keys.variables(request.getVariables());
    return result(
        committed.await(
            engine
                .writer()
                .submit(
                    () ->
                        engine
                            .processInstances()
                            .create(
                                definitionKey,
                                request.getProcessDefinitionId(),
                                request.getProcessDefinitionVersion(),
                                variables))));
  }

  @PostMapping("/{key}/cancellation")
  ResponseEntity<Void> cancel(@PathVariable String key) {
    long instanceKey = Keys.parse(key, "processInstanceKey");
    return committed.await(
        engine
            .writer()
            .submit(
                () -> {
                  engine.processInstances().cancel(instanceKey);
                  return ResponseEntity.noContent().<Void>build();
                }));
  }

  /**
   * The sequence flows the instance has taken, each once, as Camunda 8 answers it: {@code
   * elementId} is the flow's BPMN id. An unknown instance has taken none (Camunda answers it the
   * same way, with no items).
   */
  @GetMapping("/{key}/sequence-flows")
  CompletableFuture<ProcessInstanceSequenceFlowsQueryResult> sequenceFlows(
      @PathVariable String key) {
    long instanceKey = Keys.parse(key, "processInstanceKey");
    return engine
        .writer()
        .submit(
            () ->
                new ProcessInstanceSequenceFlowsQueryResult()
                    .items(
                        engine.state().takenFlows().ofInstance(instanceKey).stream()
                            .map(ProcessInstanceController::wire)
                            .toList()));
  }

  private static ProcessInstanceSequenceFlowResult wire(TakenFlow flow) {
    return new ProcessInstanceSequenceFlowResult()
        .sequenceFlowId(flow.processInstanceKey() + "_" + flow.flowId())
        .processInstanceKey(Keys.text(flow.processInstanceKey()))
        .rootProcessInstanceKey(Keys.text(flow.processInstanceKey()))
        .processDefinitionKey(Keys.text(flow.processDefinitionKey()))
        .processDefinitionId(flow.bpmnProcessId())
        .elementId(flow.flowId())
        .tenantId(TENANT);
  }

  private static CreateProcessInstanceResult result(ElementInstance instance) {
    return new CreateProcessInstanceResult()
        .processDefinitionId(instance.bpmnProcessId())
        .processDefinitionVersion(instance.version())
        .processDefinitionKey(Keys.text(instance.processDefinitionKey()))
        .processInstanceKey(Keys.text(instance.key()))
        .tenantId(TENANT);
  }
}
