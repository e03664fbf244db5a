package io.modelship.engine.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory copy of one table, with its indexes. Every put and remove is recorded in {@link
 * Changes}, so the writer can commit exactly what changed. Only the writer thread calls these.
 */
public abstract class Records<T extends Entity> {

  private final Map<Long, T> byKey = new HashMap<>();
  private final Map<Long, InstanceKeys> byInstance = new HashMap<>();
  private final Table table;
  private final Changes changes;

  protected Records(Table table, Changes changes) {
    this.table = table;
    this.changes = changes;
  }

  public T get(long key) {
    return byKey.get(key);
  }

  public Collection<T> all() {
    return Collections.unmodifiableCollection(byKey.values());
  }

  public void put(T record) {
    changes.beforeChange(this, table, record.key(), byKey.get(record.key()));
    T old = byKey.put(record.key(), record);
    if (old != null) {
      unindexAll(old);
    }
    indexAll(record);
    changes.put(table, record);
  }

  public void remove(long key) {
    T old = byKey.get(key);
    if (old != null) {
      changes.beforeChange(this, table, key, old);
      byKey.remove(key);
      unindexAll(old);
      changes.delete(table, key);
    }
  }

  /** Puts back the record a key had before a change (none when null), without noting a change. */
  @SuppressWarnings("unchecked")
  void restore(long key, Entity before) {
    T current = byKey.remove(key);
    if (current != null) {
      unindexAll(current);
    }
    if (before != null) {
      byKey.put(key, (T) before);
      indexAll((T) before);
    }
  }

  /** Adds a record read from the store at start, without recording a change. */
  @SuppressWarnings("unchecked")
  void load(Entity record) {
    byKey.put(record.key(), (T) record);
    indexAll((T) record);
  }

  /** Removes every record. */
  void removeAll() {
    List.copyOf(byKey.keySet()).forEach(this::remove);
  }

  /** Removes every record of a process instance. */
  void removeInstance(long processInstanceKey) {
    InstanceKeys keys = byInstance.get(processInstanceKey);
    if (keys != null) {
      for (long key : keys.toArray()) {
        remove(key);
      }
    }
  }

  /** The records of one process instance. */
  public List<T> ofInstance(long processInstanceKey) {
    InstanceKeys keys = byInstance.get(processInstanceKey);
    if (keys == null) {
      return new ArrayList<>(0);
    }
    long[] all = keys.toArray();
    List<T> result = new ArrayList<>(all.length);
    for (long key : all) {
      result.add(byKey.get(key));
    }
    return result;
  }

  private void indexAll(T record) {
    index(record);
    if (record instanceof InstanceRecord r && r.processInstanceKey() >= 0) {
      byInstance.computeIfAbsent(r.processInstanceKey(), k -> new InstanceKeys()).add(r.key());
    }
  }

  private void unindexAll(T record) {
    unindex(record);
    if (record instanceof InstanceRecord r && r.processInstanceKey() >= 0) {
      InstanceKeys keys = byInstance.get(r.processInstanceKey());
      if (keys != null) {
        keys.remove(r.key());
        if (keys.isEmpty()) {
          byInstance.remove(r.processInstanceKey());
        }
      }
    }
  }

  protected void index(T record) {}

  protected void unindex(T record) {}
}
