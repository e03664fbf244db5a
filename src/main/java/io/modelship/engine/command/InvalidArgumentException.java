package io.modelship.engine.command;

/** The command's arguments are malformed or out of range. */
public class InvalidArgumentException extends RejectedCommandException {

  public InvalidArgumentException(String message) {
    super(message);
  }
}
