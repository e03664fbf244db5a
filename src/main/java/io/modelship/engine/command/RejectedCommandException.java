package io.modelship.engine.command;

/**
 * A command the engine refused before changing anything. Subclasses name the failure mode; the
 * message reads "Expected to …, but …".
 */
public abstract class RejectedCommandException extends RuntimeException {

  protected RejectedCommandException(String message) {
    super(message);
  }
}
