package io.modelship.engine.model;

import java.util.List;
import java.util.Map;

/**
 * A deployed process, as the engine executes it: its elements and sequence flows by id. The process
 * itself is the element whose id is {@code bpmnProcessId}.
 *
 * @param eventSubProcessStarts by the id of a process or sub-process: the start events of the event
 *     sub-processes directly inside it
 */
public record ExecutableProcess(
    String bpmnProcessId,
    String name,
    Map<String, FlowNode> nodes,
    Map<String, SequenceFlow> flows,
    List<String> timerStartEventIds,
    Map<String, List<String>> eventSubProcessStarts) {

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

  /** The start events of the event sub-processes directly inside a process or sub-process. */
  public List<FlowNode> eventSubProcessStarts(String scopeId) {
    return eventSubProcessStarts.getOrDefault(scopeId, List.of()).stream().map(this::node).toList();
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
