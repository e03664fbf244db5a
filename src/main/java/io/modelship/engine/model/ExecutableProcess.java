package io.modelship.engine.model;

import java.util.List;
import java.util.Map;

/**
 * A deployed process, as the engine executes it: its elements and sequence flows by id. The process
 * itself is the element whose id is {@code bpmnProcessId}.
 */
public record ExecutableProcess(
    String bpmnProcessId,
    String name,
    Map<String, FlowNode> nodes,
    Map<String, SequenceFlow> flows,
    List<String> timerStartEventIds) {

  /** The element with this id; an unknown id is a bug in the engine. */
  public FlowNode node(String id) {
    FlowNode node = nodes.get(id);
    if (node == null) {
      throw new IllegalStateException(
          "Expected process '%s' to contain element '%s', but it does not"
              .formatted(bpmnProcessId, id));
    }
    return node;
  }

  public SequenceFlow flow(String id) {
    return flows.get(id);
  }

  public FlowNode root() {
    return node(bpmnProcessId);
  }

  /** The process's own start events of a kind (message or signal start events). */
  public List<FlowNode> startEvents(EventKind kind) {
    return nodes.values().stream()
        .filter(n -> n.kind() == ElementKind.START_EVENT && n.event() == kind)
        .filter(n -> bpmnProcessId.equals(n.flowScopeId()))
        .toList();
  }
}
