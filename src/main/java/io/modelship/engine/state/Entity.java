package io.modelship.engine.state;

/** A durable engine record, identified by its key. Records are immutable; a change is a new one. */
public interface Entity {
  long key();
}
