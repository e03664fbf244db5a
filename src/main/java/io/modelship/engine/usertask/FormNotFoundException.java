package io.modelship.engine.usertask;

/** A user task's linked form has no deployed version that its binding accepts. */
public final class FormNotFoundException extends RuntimeException {

  public FormNotFoundException(String message) {
    super(message);
  }
}
