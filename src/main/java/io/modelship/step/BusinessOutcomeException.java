package io.modelship.step;

import java.util.Objects;

/**
 * A step ended in a business outcome rather than a technical failure. The worker throws the BPMN
 * error {@link #code()}; it is never retried. The message is shown to users and must name what was
 * expected and what was found, and never contain a secret.
 */
public class BusinessOutcomeException extends RuntimeException {

  private final ErrorCode code;

  public BusinessOutcomeException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public BusinessOutcomeException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ErrorCode code() {
    return code;
  }
}
