package io.modelship.engine.state;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The records changed since the last commit: the latest version of each, or a deletion. The writer
 * hands them to the store in one transaction and then clears them.
 */
public final class Changes {

  private final Map<Table, Map<Long, Entity>> byTable = new EnumMap<>(Table.class);

  void put(Table table, Entity entity) {
    byTable.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(entity.key(), entity);
  }

  void delete(Table table, long key) {
    byTable.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(key, null);
  }

  /** The changed records of a table by key; a null value is a deletion. */
  public Map<Table, Map<Long, Entity>> byTable() {
    return byTable;
  }

  public boolean isEmpty() {
    return byTable.values().stream().allMatch(Map::isEmpty);
  }

  public void clear() {
    byTable.clear();
  }
}
