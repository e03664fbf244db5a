package io.modelship.engine.command;

/** The command names a key, id or version that does not exist (any more). */
public class NotFoundException extends RejectedCommandException {

  public NotFoundException(String message) {
    super(message);
  }
}
