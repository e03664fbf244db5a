package io.modelship.steplog;

/**
 * The log of one step attempt, open for appending. Implementations mask secrets before anything is
 * written, and make each appended line readable at once, while the step still runs.
 */
@FunctionalInterface
public interface StepLog extends AutoCloseable {

  /** Appends one line; a trailing newline is added. Thread-safe. */
  void append(String line);

  /** Flushes and closes the log. Appending after close is an error. */
  @Override
  default void close() {}
}
