package io.modelship.engine.state;

import java.util.List;
import java.util.function.Consumer;

/**
 * All of the engine's state, in memory, as a cache of the {@link StateStore}. Only the writer
 * thread reads or changes it; every change lands in {@link #changes()} for the next commit.
 */
public final class EngineState {

  private final Changes changes = new Changes();
  private final Definitions definitions = new Definitions(changes);
  private final ElementInstances elementInstances = new ElementInstances(changes);
  private final Variables variables = new Variables(changes);
  private final Jobs jobs = new Jobs(changes);
  private final Timers timers = new Timers(changes);
  private final Incidents incidents = new Incidents(changes);
  private final Messages messages = new Messages(changes);
  private final MessageSubscriptions subscriptions = new MessageSubscriptions(changes);
  private final UserTasks userTasks = new UserTasks(changes);
  private final TakenFlows takenFlows = new TakenFlows(changes);
  private final Forms forms = new Forms(changes);
  private long lastKey;

  /** Loads everything the store holds. */
  public static EngineState loadFrom(StateStore store) {
    EngineState state = new EngineState();
    for (Table table : Table.values()) {
      Records<?> records = state.records(table);
      Consumer<Entity> load = records::load;
      store.load(table, load);
    }
    state.lastKey = Math.max(store.lastKey(), 2251799813685248L);
    return state;
  }

  private Records<?> records(Table table) {
    return switch (table) {
      case PROCESS_DEFINITION -> definitions;
      case ELEMENT_INSTANCE -> elementInstances;
      case VARIABLE -> variables;
      case JOB -> jobs;
      case TIMER -> timers;
      case INCIDENT -> incidents;
      case MESSAGE -> messages;
      case MESSAGE_SUBSCRIPTION -> subscriptions;
      case USER_TASK -> userTasks;
      case SEQUENCE_FLOW -> takenFlows;
      case FORM -> forms;
    };
  }

  /**
   * Removes a process instance with everything that belongs to it (element instances, variables,
   * jobs, timers, incidents, subscriptions, user tasks), and the instances its call activities
   * started, from memory and, at the next commit, from the store.
   */
  public void removeProcessInstance(long processInstanceKey) {
    for (long called : List.copyOf(elementInstances.calledInstances(processInstanceKey))) {
      removeProcessInstance(called);
    }
    for (Table table : Table.values()) {
      records(table).removeInstance(processInstanceKey);
    }
  }

  /** Removes every record: deployments, instances, messages, everything. */
  public void removeAll() {
    for (Table table : Table.values()) {
      records(table).removeAll();
    }
  }

  /**
   * A new unique key. Keys start where Zeebe's partition 1 starts, so they look like a real
   * cluster's.
   */
  public long nextKey() {
    return ++lastKey;
  }

  public long lastKey() {
    return lastKey;
  }

  public Changes changes() {
    return changes;
  }

  /** Starts a command: from here on, its changes can be taken back with {@link #undoCommand}. */
  public void beginCommand() {
    changes.beginCommand();
  }

  /** The command succeeded. */
  public void endCommand() {
    changes.endCommand();
  }

  /**
   * Takes back every change of the current command (records, indexes, pending changes). Keys it
   * handed out stay used, so no key is ever given to two records.
   */
  public void undoCommand() {
    changes.undoCommand();
  }

  public Definitions definitions() {
    return definitions;
  }

  public ElementInstances elementInstances() {
    return elementInstances;
  }

  public Variables variables() {
    return variables;
  }

  public Jobs jobs() {
    return jobs;
  }

  public Timers timers() {
    return timers;
  }

  public Incidents incidents() {
    return incidents;
  }

  public Messages messages() {
    return messages;
  }

  public MessageSubscriptions subscriptions() {
    return subscriptions;
  }

  public UserTasks userTasks() {
    return userTasks;
  }

  public TakenFlows takenFlows() {
    return takenFlows;
  }

  public Forms forms() {
    return forms;
  }
}
