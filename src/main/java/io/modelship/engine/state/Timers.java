package io.modelship.engine.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/** Timers, indexed by due date, by owning element instance and by process definition. */
public final class Timers extends Records<Timer> {

  private final NavigableSet<Due> due = new TreeSet<>(Due.ORDER);
  private final Map<Long, Set<Long>> byOwner = new HashMap<>();

  Timers(Changes changes) {
    super(Table.TIMER, changes);
  }

  public Due nextDue() {
    return due.isEmpty() ? null : due.first();
  }

  /** The timers of an element instance, or with -1 the start-event timers of all definitions. */
  public List<Timer> ofOwner(long elementInstanceKey) {
    Set<Long> keys = byOwner.get(elementInstanceKey);
    List<Timer> result = new ArrayList<>();
    if (keys != null) {
      keys.forEach(k -> result.add(get(k)));
    }
    return result;
  }

  @Override
  protected void index(Timer timer) {
    due.add(new Due(timer.dueMillis(), timer.key()));
    byOwner
        .computeIfAbsent(timer.elementInstanceKey(), k -> new LinkedHashSet<>())
        .add(timer.key());
  }

  @Override
  protected void unindex(Timer timer) {
    due.remove(new Due(timer.dueMillis(), timer.key()));
    Set<Long> keys = byOwner.get(timer.elementInstanceKey());
    if (keys != null) {
      keys.remove(timer.key());
      if (keys.isEmpty()) {
        byOwner.remove(timer.elementInstanceKey());
      }
    }
  }
}
