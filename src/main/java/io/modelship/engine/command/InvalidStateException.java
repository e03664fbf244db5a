package io.modelship.engine.command;

/** The target exists but is not in a state that allows the command. */
public class InvalidStateException extends RejectedCommandException {

  public InvalidStateException(String message) {
    super(message);
  }
}
