package io.modelship.engine.state;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records changed since the last commit: the latest version of each, or a deletion. The writer
 * hands them to the store in one transaction and then clears them.
 *
 * <p>While a command runs, every change is also noted in an undo log, so a command that fails
 * midway can be taken back whole ({@link #undoCommand}): memory, indexes and the changes still to
 * commit are then as they were before the command began.
 */
public final class Changes {

  /** What one put or remove replaced: the record before, and this table's pending change before. */
  private record Undo(
      Records<?> records,
      Table table,
      long key,
      Entity before,
      boolean pending,
      Entity pendingBefore) {}

  private final Map<Table, Map<Long, Entity>> byTable = new EnumMap<>(Table.class);
  private final List<Undo> undo = new ArrayList<>();
  private boolean inCommand;

  void put(Table table, Entity entity) {
    byTable.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(entity.key(), entity);
  }

  void delete(Table table, long key) {
    byTable.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(key, null);
  }

  /** Notes, before a record changes, how to take the change back. */
  void beforeChange(Records<?> records, Table table, long key, Entity before) {
    if (!inCommand) {
      return;
    }
    Map<Long, Entity> pending = byTable.get(table);
    boolean had = pending != null && pending.containsKey(key);
    undo.add(new Undo(records, table, key, before, had, had ? pending.get(key) : null));
  }

  /** Starts noting changes for {@link #undoCommand}; ends what the previous command noted. */
  void beginCommand() {
    undo.clear();
    inCommand = true;
  }

  /** The command succeeded: its changes stay. */
  void endCommand() {
    undo.clear();
    inCommand = false;
  }

  /** Takes back every change since {@link #beginCommand}, newest first. */
  void undoCommand() {
    for (int i = undo.size() - 1; i >= 0; i--) {
      Undo u = undo.get(i);
      u.records().restore(u.key(), u.before());
      Map<Long, Entity> pending = byTable.computeIfAbsent(u.table(), t -> new LinkedHashMap<>());
      if (u.pending()) {
        pending.put(u.key(), u.pendingBefore());
      } else {
        pending.remove(u.key());
      }
    }
    endCommand();
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
