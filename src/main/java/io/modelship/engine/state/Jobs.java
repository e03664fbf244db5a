package io.modelship.engine.state;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/** Jobs, indexed by type (activatable ones, oldest first), by element and by deadline. */
public final class Jobs extends Records<Job> {

  private final Map<String, Set<Long>> activatable = new HashMap<>();
  private final Map<Long, Long> byElementInstance = new HashMap<>();
  private final NavigableSet<Due> deadlines = new TreeSet<>(Due.ORDER);

  Jobs(Changes changes) {
    super(Table.JOB, changes);
  }

  /** The activatable jobs of a type, oldest first. */
  public Iterator<Long> activatable(String type) {
    Set<Long> keys = activatable.get(type);
    return keys == null ? java.util.Collections.emptyIterator() : keys.iterator();
  }

  public Job ofElementInstance(long elementInstanceKey) {
    Long key = byElementInstance.get(elementInstanceKey);
    return key == null ? null : get(key);
  }

  /** The earliest time-out or retry back-off, or null. */
  public Due nextDue() {
    return deadlines.isEmpty() ? null : deadlines.first();
  }

  @Override
  protected void index(Job job) {
    byElementInstance.put(job.elementInstanceKey(), job.key());
    switch (job.state()) {
      case ACTIVATABLE ->
          activatable.computeIfAbsent(job.type(), t -> new LinkedHashSet<>()).add(job.key());
      case ACTIVATED -> deadlines.add(new Due(job.deadline(), job.key()));
      case FAILED -> {
        if (job.retryAt() > 0) {
          deadlines.add(new Due(job.retryAt(), job.key()));
        }
      }
    }
  }

  @Override
  protected void unindex(Job job) {
    byElementInstance.remove(job.elementInstanceKey(), job.key());
    Set<Long> keys = activatable.get(job.type());
    if (keys != null) {
      keys.remove(job.key());
      if (keys.isEmpty()) {
        activatable.remove(job.type());
      }
    }
    deadlines.remove(new Due(job.deadline(), job.key()));
    deadlines.remove(new Due(job.retryAt(), job.key()));
  }
}
