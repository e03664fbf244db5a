package io.modelship.engine.state;

import java.util.function.Consumer;

/**
 * The durable store behind the engine's in-memory state. It is the truth on restart: the engine
 * loads everything from it at start and writes every change through it before it answers.
 */
public interface StateStore extends AutoCloseable {

  /** Hands every stored record of the table to the consumer. */
  void load(Table table, Consumer<Entity> consumer);

  /** The highest key handed out so far, or 0 for a new store. */
  long lastKey();

  /**
   * Writes the changes and the key sequence in one transaction; when this returns, they survive a
   * crash of the process.
   */
  void commit(Changes changes, long lastKey);

  @Override
  void close();
}
