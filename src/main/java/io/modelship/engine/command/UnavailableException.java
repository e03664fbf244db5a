package io.modelship.engine.command;

/** The engine cannot take commands (it is stopping, or its store failed). */
public class UnavailableException extends RejectedCommandException {

  public UnavailableException(String message) {
    super(message);
  }
}
