package io.modelship.engine.parse;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import io.modelship.engine.feel.FeelExpressions;
import io.modelship.engine.model.ElementKind;
import io.modelship.engine.model.EventKind;
import io.modelship.engine.model.ExecutableProcess;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.model.xml.validation.ValidationResultType;
import org.camunda.bpm.model.xml.validation.ValidationResults;

/**
 * Reads a BPMN resource with Zeebe's model API, runs Zeebe's design-time validators, and turns
 * every executable process into an {@link ExecutableProcess}. It collects every problem before it
 * gives up, so a rejected deployment names all of them at once.
 */
public final class BpmnTransformer {

  private final FeelExpressions feel;

  public BpmnTransformer(FeelExpressions feel) {
    this.feel = feel;
  }

  /**
   * @throws InvalidDeploymentException naming each element and what is wrong with it
   */
  public List<ExecutableProcess> transform(String resourceName, byte[] xml) {
    BpmnModelInstance model;
    try {
      model = Bpmn.readModelFromStream(new ByteArrayInputStream(xml));
    } catch (RuntimeException e) {
      throw new InvalidDeploymentException(
          List.of(
              "Expected '%s' to be a BPMN 2.0 XML file, but it could not be read: %s"
                  .formatted(resourceName, rootMessage(e))));
    }
    List<String> problems = new ArrayList<>();
    ValidationResults results = model.validate(ZeebeDesignTimeValidators.VALIDATORS);
    results
        .getResults()
        .forEach(
            (element, list) ->
                list.stream()
                    .filter(r -> r.getType() == ValidationResultType.ERROR)
                    .forEach(
                        r ->
                            problems.add(
                                "'%s' element '%s': %s"
                                    .formatted(resourceName, idOf(element), r.getMessage()))));
    List<ExecutableProcess> processes = new ArrayList<>();
    Collection<Process> all = model.getModelElementsByType(Process.class);
    for (Process process : all) {
      if (process.isExecutable()) {
        processes.add(transformProcess(resourceName, process, problems));
      }
    }
    if (processes.isEmpty() && problems.isEmpty()) {
      problems.add(
          "Expected '%s' to contain at least one executable process, but found none"
              .formatted(resourceName));
    }
    if (!problems.isEmpty()) {
      throw new InvalidDeploymentException(problems);
    }
    return processes;
  }

  private ExecutableProcess transformProcess(
      String resourceName, Process process, List<String> problems) {
    var nodes = new LinkedHashMap<String, io.modelship.engine.model.FlowNode>();
    var flows = new LinkedHashMap<String, io.modelship.engine.model.SequenceFlow>();
    var elements = new FlowNodeTransformer(feel, resourceName, problems);
    List<String> timerStarts = new ArrayList<>();
    Map<String, List<String>> eventStarts = new LinkedHashMap<>();
    Scope scope = new Scope(elements, nodes, flows, eventStarts, problems);
    String start = scope.collect(process.getId(), process.getFlowElements());
    nodes.values().stream()
        .filter(n -> n.kind() == ElementKind.START_EVENT && n.event() == EventKind.TIMER)
        .filter(n -> n.flowScopeId().equals(process.getId()))
        .forEach(n -> timerStarts.add(n.id()));
    boolean eventStart =
        nodes.values().stream()
            .anyMatch(
                n ->
                    n.kind() == ElementKind.START_EVENT
                        && n.flowScopeId().equals(process.getId())
                        && (n.event() == EventKind.MESSAGE || n.event() == EventKind.SIGNAL));
    if (start == null && timerStarts.isEmpty() && !eventStart) {
      problems.add(
          "'%s' process '%s': Expected a none, timer, message or signal start event, but found none"
              .formatted(resourceName, process.getId()));
    }
    nodes.put(process.getId(), elements.container(process, ElementKind.PROCESS, null, start));
    return new ExecutableProcess(
        process.getId(),
        process.getName(),
        Map.copyOf(nodes),
        Map.copyOf(flows),
        timerStarts,
        Map.copyOf(eventStarts));
  }

  /** Collects the elements of a process and the scopes inside it. */
  private record Scope(
      FlowNodeTransformer elements,
      Map<String, io.modelship.engine.model.FlowNode> nodes,
      Map<String, io.modelship.engine.model.SequenceFlow> flows,
      Map<String, List<String>> eventStarts,
      List<String> problems) {

    /**
     * Transforms the elements of one scope, recursing into sub-processes; returns its none start.
     */
    String collect(String scopeId, Collection<FlowElement> children) {
      String noneStart = null;
      for (FlowElement child : children) {
        if (child instanceof SequenceFlow flow) {
          flows.put(flow.getId(), elements.sequenceFlow(flow));
        } else if (child instanceof SubProcess sub && sub.triggeredByEvent()) {
          collect(sub.getId(), sub.getFlowElements());
          String start = eventStart(sub.getId());
          if (start != null) {
            eventStarts.computeIfAbsent(scopeId, k -> new ArrayList<>()).add(start);
          }
          nodes.put(
              sub.getId(), elements.container(sub, ElementKind.EVENT_SUB_PROCESS, scopeId, start));
        } else if (child instanceof SubProcess sub) {
          String subStart = collect(sub.getId(), sub.getFlowElements());
          if (subStart == null) {
            problems.add(
                "'%s' element '%s': Expected a sub-process to have a none start event, but found none"
                    .formatted(elements.resourceName(), sub.getId()));
          }
          nodes.put(
              sub.getId(), elements.container(sub, ElementKind.SUB_PROCESS, scopeId, subStart));
        } else if (child instanceof FlowNode node) {
          var transformed = elements.node(node, scopeId);
          if (transformed != null) {
            nodes.put(transformed.id(), transformed);
            if (transformed.kind() == ElementKind.START_EVENT
                && transformed.event() == EventKind.NONE) {
              noneStart = transformed.id();
            }
          }
        }
        // Data objects and other non-flow-node elements carry no behaviour: accepted, ignored.
      }
      return noneStart;
    }

    /** The start event of an event sub-process (Zeebe's validators allow exactly one). */
    private String eventStart(String eventSubProcessId) {
      return nodes.values().stream()
          .filter(n -> n.kind() == ElementKind.START_EVENT)
          .filter(n -> eventSubProcessId.equals(n.flowScopeId()))
          .map(io.modelship.engine.model.FlowNode::id)
          .findFirst()
          .orElse(null);
    }
  }

  private static String idOf(Object element) {
    return element instanceof BaseElement base ? base.getId() : String.valueOf(element);
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
