package io.modelship.trigger;

/** The process engine did not accept a new process instance; nothing was started. */
public class EngineUnavailableException extends RuntimeException {

  public EngineUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
