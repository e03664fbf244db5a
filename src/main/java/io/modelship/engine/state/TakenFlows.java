package io.modelship.engine.state;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The sequence flows each process instance has taken, each recorded once. */
public final class TakenFlows extends Records<TakenFlow> {

  private final Map<Long, Set<String>> byInstance = new HashMap<>();

  TakenFlows(Changes changes) {
    super(Table.SEQUENCE_FLOW, changes);
  }

  /** Whether the instance has taken this flow before. */
  public boolean taken(long processInstanceKey, String flowId) {
    Set<String> flows = byInstance.get(processInstanceKey);
    return flows != null && flows.contains(flowId);
  }

  @Override
  protected void index(TakenFlow flow) {
    byInstance.computeIfAbsent(flow.processInstanceKey(), k -> new HashSet<>()).add(flow.flowId());
  }

  @Override
  protected void unindex(TakenFlow flow) {
    Set<String> flows = byInstance.get(flow.processInstanceKey());
    if (flows != null) {
      flows.remove(flow.flowId());
      if (flows.isEmpty()) {
        byInstance.remove(flow.processInstanceKey());
      }
    }
  }
}
