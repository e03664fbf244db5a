package io.modelship.engine.state;

/**
 * A sequence flow that a process instance has taken at least once (Camunda 8 records each flow once
 * per instance), for coverage reports and for drawing the path a run took.
 *
 * @param flowId the sequence flow's BPMN id
 */
public record TakenFlow(
    long key,
    long processInstanceKey,
    long processDefinitionKey,
    String bpmnProcessId,
    String flowId)
    implements InstanceRecord {}
