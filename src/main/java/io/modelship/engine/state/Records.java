package io.modelship.engine.state;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The in-memory copy of one table, with its indexes. Every put and remove is recorded in {@link
 * Changes}, so the writer can commit exactly what changed. Only the writer thread calls these.
 */
public abstract class Records<T extends Entity> {

  private final Map<Long, T> byKey = new HashMap<>();
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
    T old = byKey.put(record.key(), record);
    if (old != null) {
      unindex(old);
    }
    index(record);
    changes.put(table, record);
  }

  public void remove(long key) {
    T old = byKey.remove(key);
    if (old != null) {
      unindex(old);
      changes.delete(table, key);
    }
  }

  /** Adds a record read from the store at start, without recording a change. */
  @SuppressWarnings("unchecked")
  void load(Entity record) {
    byKey.put(record.key(), (T) record);
    index((T) record);
  }

  protected void index(T record) {}

  protected void unindex(T record) {}
}
