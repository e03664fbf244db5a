package io.modelship.quality;

/** A quality gate declaration that does not follow the comparison syntax. */
public class InvalidGateException extends IllegalArgumentException {

  public InvalidGateException(String message) {
    super(message);
  }
}
