package io.modelship.engine.parse;

import io.camunda.zeebe.model.bpmn.instance.Activity;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.EndEvent;
import io.camunda.zeebe.model.bpmn.instance.Event;
import io.camunda.zeebe.model.bpmn.instance.EventBasedGateway;
import io.camunda.zeebe.model.bpmn.instance.ExclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.IntermediateCatchEvent;
import io.camunda.zeebe.model.bpmn.instance.IntermediateThrowEvent;
import io.camunda.zeebe.model.bpmn.instance.ManualTask;
import io.camunda.zeebe.model.bpmn.instance.ParallelGateway;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.ReceiveTask;
import io.camunda.zeebe.model.bpmn.instance.ScriptTask;
import io.camunda.zeebe.model.bpmn.instance.SendTask;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeScript;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTask;
import io.modelship.engine.feel.Expression;
import io.modelship.engine.feel.FeelExpressions;
import io.modelship.engine.model.ElementKind;
import io.modelship.engine.model.EventKind;
import io.modelship.engine.model.Mapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one BPMN flow node into the engine's {@link io.modelship.engine.model.FlowNode}, or records
 * why it cannot run. Expressions are parsed here, so a malformed one fails the deployment.
 */
final class FlowNodeTransformer {

  private final ElementReader reader;
  private final EventTransformer events;
  private final TaskTransformer tasks;

  FlowNodeTransformer(FeelExpressions feel, String resourceName, List<String> problems) {
    this.reader = new ElementReader(feel, resourceName, problems);
    this.events = new EventTransformer(reader);
    this.tasks = new TaskTransformer(reader);
  }

  String resourceName() {
    return reader.resourceName();
  }

  io.modelship.engine.model.SequenceFlow sequenceFlow(SequenceFlow flow) {
    Expression condition =
        flow.getConditionExpression() == null
            ? null
            : reader.expression(flow, flow.getConditionExpression().getTextContent());
    return new io.modelship.engine.model.SequenceFlow(
        flow.getId(), flow.getSource().getId(), flow.getTarget().getId(), condition);
  }

  io.modelship.engine.model.FlowNode container(
      BaseElement element, ElementKind kind, String scopeId, String startEventId) {
    if (element instanceof SubProcess sub) {
      return node(sub, kind, EventKind.NONE, scopeId, startEventId);
    }
    return new io.modelship.engine.model.FlowNode(
        element.getId(),
        element.getAttributeValue("name"),
        kind,
        EventKind.NONE,
        null,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        false,
        List.of(),
        null,
        startEventId,
        null,
        null,
        tasks.listeners(element));
  }

  /** The transformed node, or null when it cannot run (a problem is recorded). */
  io.modelship.engine.model.FlowNode node(FlowNode node, String scopeId) {
    if (node instanceof Event event && EventTransformer.eventKind(event) == null) {
      return unsupported(
          node, EventTransformer.definition(event).getElementType().getTypeName() + " event");
    }
    if (node instanceof StartEvent start) {
      EventKind event = EventTransformer.eventKind(start);
      boolean inProcess = start.getParentElement() instanceof Process;
      boolean inEventSubProcess =
          start.getParentElement() instanceof SubProcess sub && sub.triggeredByEvent();
      if (inEventSubProcess && event == EventKind.ERROR && !start.isInterrupting()) {
        return unsupported(start, "non-interrupting error start event");
      }
      if (event == EventKind.NONE
          || event == EventKind.TIMER
          || ((inProcess || inEventSubProcess)
              && (event == EventKind.MESSAGE || event == EventKind.SIGNAL))
          || (inEventSubProcess && event == EventKind.ERROR)) {
        return node(start, ElementKind.START_EVENT, event, scopeId, null);
      }
      return unsupported(start, event.name().toLowerCase() + " start event here");
    }
    if (node instanceof EndEvent end) {
      EventKind event = EventTransformer.eventKind(end);
      if (event == EventKind.NONE
          || event == EventKind.ERROR
          || event == EventKind.TERMINATE
          || event == EventKind.SIGNAL) {
        return node(end, ElementKind.END_EVENT, event, scopeId, null);
      }
      return unsupported(end, event.name().toLowerCase() + " end event");
    }
    if (node instanceof IntermediateCatchEvent catchEvent) {
      EventKind event = EventTransformer.eventKind(catchEvent);
      if (event == EventKind.TIMER || event == EventKind.MESSAGE || event == EventKind.SIGNAL) {
        return node(catchEvent, ElementKind.INTERMEDIATE_CATCH_EVENT, event, scopeId, null);
      }
      return unsupported(catchEvent, event.name().toLowerCase() + " intermediate catch event");
    }
    if (node instanceof IntermediateThrowEvent throwEvent) {
      EventKind event = EventTransformer.eventKind(throwEvent);
      if (event == EventKind.NONE || event == EventKind.SIGNAL) {
        return node(throwEvent, ElementKind.INTERMEDIATE_THROW_EVENT, event, scopeId, null);
      }
      return unsupported(throwEvent, event.name().toLowerCase() + " intermediate throw event");
    }
    if (node instanceof BoundaryEvent boundary) {
      EventKind event = EventTransformer.eventKind(boundary);
      if (event == EventKind.TIMER
          || event == EventKind.MESSAGE
          || event == EventKind.SIGNAL
          || (event == EventKind.ERROR && boundary.cancelActivity())) {
        return node(boundary, ElementKind.BOUNDARY_EVENT, event, scopeId, null);
      }
      return unsupported(
          boundary,
          (boundary.cancelActivity() ? "" : "non-interrupting ")
              + event.name().toLowerCase()
              + " boundary event");
    }
    if (node instanceof ScriptTask && node.getSingleExtensionElement(ZeebeScript.class) != null) {
      return node(node, ElementKind.SCRIPT_TASK, EventKind.NONE, scopeId, null);
    }
    if (node instanceof ReceiveTask) {
      return node(node, ElementKind.RECEIVE_TASK, EventKind.MESSAGE, scopeId, null);
    }
    if (node instanceof EventBasedGateway) {
      return node(node, ElementKind.EVENT_BASED_GATEWAY, EventKind.NONE, scopeId, null);
    }
    if (node instanceof ServiceTask
        || node instanceof SendTask
        || node instanceof ScriptTask
        || node instanceof BusinessRuleTask) {
      if (node.getSingleExtensionElement(ZeebeTaskDefinition.class) == null) {
        return unsupported(node, "task without zeebe:taskDefinition");
      }
      return node(node, ElementKind.SERVICE_TASK, EventKind.NONE, scopeId, null);
    }
    if (node instanceof UserTask) {
      if (node.getSingleExtensionElement(ZeebeUserTask.class) == null) {
        return unsupported(node, "job-worker user task (add zeebe:userTask)");
      }
      return node(node, ElementKind.USER_TASK, EventKind.NONE, scopeId, null);
    }
    if (node instanceof ManualTask || node.getElementType().getTypeName().equals("task")) {
      return node(node, ElementKind.TASK, EventKind.NONE, scopeId, null);
    }
    if (node instanceof ExclusiveGateway) {
      return node(node, ElementKind.EXCLUSIVE_GATEWAY, EventKind.NONE, scopeId, null);
    }
    if (node instanceof ParallelGateway) {
      return node(node, ElementKind.PARALLEL_GATEWAY, EventKind.NONE, scopeId, null);
    }
    if (node instanceof CallActivity) {
      return node(node, ElementKind.CALL_ACTIVITY, EventKind.NONE, scopeId, null);
    }
    return unsupported(node, node.getElementType().getTypeName());
  }

  private io.modelship.engine.model.FlowNode node(
      FlowNode node, ElementKind kind, EventKind event, String scopeId, String startEventId) {
    List<Mapping> inputs = new ArrayList<>();
    List<Mapping> outputs = new ArrayList<>();
    ZeebeIoMapping io = node.getSingleExtensionElement(ZeebeIoMapping.class);
    if (io != null) {
      io.getInputs()
          .forEach(
              m -> inputs.add(new Mapping(reader.expression(node, m.getSource()), m.getTarget())));
      io.getOutputs()
          .forEach(
              m -> outputs.add(new Mapping(reader.expression(node, m.getSource()), m.getTarget())));
    }
    String attachedTo = null;
    boolean interrupting = false;
    if (node instanceof BoundaryEvent boundary) {
      attachedTo = boundary.getAttachedTo().getId();
      interrupting = boundary.cancelActivity();
    } else if (node instanceof StartEvent start) {
      interrupting = start.isInterrupting();
    }
    List<String> boundaries = new ArrayList<>();
    if (node instanceof Activity activity) {
      activity.getBoundaryEvents().list().forEach(b -> boundaries.add(b.getId()));
    }
    String defaultFlow =
        node instanceof ExclusiveGateway gateway && gateway.getDefault() != null
            ? gateway.getDefault().getId()
            : null;
    return new io.modelship.engine.model.FlowNode(
        node.getId(),
        node.getName(),
        kind,
        event,
        scopeId,
        flows(node).incoming.getOrDefault(node.getId(), List.of()),
        flows(node).outgoing.getOrDefault(node.getId(), List.of()),
        List.copyOf(inputs),
        List.copyOf(outputs),
        kind == ElementKind.SERVICE_TASK ? tasks.job(node) : null,
        kind == ElementKind.USER_TASK ? tasks.userTask(node) : null,
        node instanceof Activity activity ? tasks.loop(activity) : null,
        event == EventKind.TIMER ? events.timer(node) : null,
        event == EventKind.MESSAGE ? events.message(node) : null,
        event == EventKind.ERROR ? events.errorCode((Event) node) : null,
        kind == ElementKind.CALL_ACTIVITY ? tasks.calledElement(node) : null,
        attachedTo,
        interrupting,
        List.copyOf(boundaries),
        defaultFlow,
        startEventId,
        kind == ElementKind.SCRIPT_TASK ? tasks.script(node) : null,
        event == EventKind.SIGNAL ? events.signal(node) : null,
        tasks.listeners(node));
  }

  /**
   * Sequence flows by source and target, from sourceRef/targetRef (not the optional child
   * elements).
   */
  private record Flows(Map<String, List<String>> incoming, Map<String, List<String>> outgoing) {}

  private Flows flows;

  private Flows flows(FlowNode node) {
    if (flows == null) {
      Map<String, List<String>> incoming = new LinkedHashMap<>();
      Map<String, List<String>> outgoing = new LinkedHashMap<>();
      for (SequenceFlow flow : node.getModelInstance().getModelElementsByType(SequenceFlow.class)) {
        outgoing
            .computeIfAbsent(flow.getSource().getId(), k -> new ArrayList<>())
            .add(flow.getId());
        incoming
            .computeIfAbsent(flow.getTarget().getId(), k -> new ArrayList<>())
            .add(flow.getId());
      }
      flows = new Flows(incoming, outgoing);
    }
    return flows;
  }

  private io.modelship.engine.model.FlowNode unsupported(BaseElement element, String what) {
    return reader.unsupported(element, what);
  }
}
