package io.modelship.engine.command;

/** The command would create something that must be unique and already exists. */
public class AlreadyExistsException extends RejectedCommandException {

  public AlreadyExistsException(String message) {
    super(message);
  }
}
