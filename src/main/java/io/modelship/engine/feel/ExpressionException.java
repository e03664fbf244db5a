package io.modelship.engine.feel;

/** A FEEL expression failed to evaluate, or gave a value of the wrong type. */
public class ExpressionException extends RuntimeException {

  public ExpressionException(String message) {
    super(message);
  }
}
