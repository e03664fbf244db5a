package io.modelship.engine.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Element instances, indexed by their flow scope (active ones) and by calling element. */
public final class ElementInstances extends Records<ElementInstance> {

  private final Map<Long, Set<Long>> activeChildren = new HashMap<>();
  private final Map<Long, Long> calledProcess = new HashMap<>();

  ElementInstances(Changes changes) {
    super(Table.ELEMENT_INSTANCE, changes);
  }

  /** The active (not completed, not terminated) children of a flow scope, oldest first. */
  public List<ElementInstance> activeChildren(long flowScopeKey) {
    Set<Long> keys = activeChildren.get(flowScopeKey);
    if (keys == null) {
      return List.of();
    }
    List<ElementInstance> result = new ArrayList<>(keys.size());
    keys.forEach(k -> result.add(get(k)));
    return result;
  }

  public int activeChildCount(long flowScopeKey) {
    Set<Long> keys = activeChildren.get(flowScopeKey);
    return keys == null ? 0 : keys.size();
  }

  /** The process instance a call activity instance started, or null. */
  public ElementInstance calledBy(long callActivityInstanceKey) {
    Long key = calledProcess.get(callActivityInstanceKey);
    return key == null ? null : get(key);
  }

  @Override
  protected void index(ElementInstance instance) {
    if (instance.isActive() && instance.flowScopeKey() >= 0) {
      activeChildren
          .computeIfAbsent(instance.flowScopeKey(), k -> new LinkedHashSet<>())
          .add(instance.key());
    }
    if (instance.isActive() && instance.parentElementInstanceKey() >= 0) {
      calledProcess.put(instance.parentElementInstanceKey(), instance.key());
    }
  }

  @Override
  protected void unindex(ElementInstance instance) {
    Set<Long> keys = activeChildren.get(instance.flowScopeKey());
    if (keys != null) {
      keys.remove(instance.key());
      if (keys.isEmpty()) {
        activeChildren.remove(instance.flowScopeKey());
      }
    }
    calledProcess.remove(instance.parentElementInstanceKey(), instance.key());
  }
}
