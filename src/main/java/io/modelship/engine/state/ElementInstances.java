package io.modelship.engine.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/** Element instances, indexed by their flow scope (active ones) and by calling element. */
public final class ElementInstances extends Records<ElementInstance> {

  private final Map<Long, Set<Long>> activeChildren = new HashMap<>();
  private final Map<Long, Long> calledProcess = new HashMap<>();
  private final Map<Long, Set<Long>> calledInstances = new HashMap<>();
  private final NavigableSet<Due> finishedRoots = new TreeSet<>(Due.ORDER);

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

  /** The process instances that call activities of this process instance started. */
  public Set<Long> calledInstances(long processInstanceKey) {
    return calledInstances.getOrDefault(processInstanceKey, Set.of());
  }

  /** Finished root process instances (by end time, then key), oldest first. */
  public NavigableSet<Due> finishedRoots() {
    return finishedRoots;
  }

  @Override
  protected void index(ElementInstance instance) {
    if (instance.isProcess() && instance.parentProcessInstanceKey() >= 0) {
      calledInstances
          .computeIfAbsent(instance.parentProcessInstanceKey(), k -> new LinkedHashSet<>())
          .add(instance.key());
    }
    if (instance.isProcess() && !instance.isActive() && instance.parentProcessInstanceKey() < 0) {
      finishedRoots.add(new Due(instance.endMillis(), instance.key()));
    }
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
    if (instance.isProcess() && instance.parentProcessInstanceKey() >= 0) {
      Set<Long> called = calledInstances.get(instance.parentProcessInstanceKey());
      if (called != null) {
        called.remove(instance.key());
        if (called.isEmpty()) {
          calledInstances.remove(instance.parentProcessInstanceKey());
        }
      }
    }
    finishedRoots.remove(new Due(instance.endMillis(), instance.key()));
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
