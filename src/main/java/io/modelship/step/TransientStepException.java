package io.modelship.step;

/**
 * A technical failure that is worth retrying: network errors, 5xx answers, throttling, timeouts.
 * The worker fails the job with the remaining retries and an exponential backoff.
 *
 * <p>Any other exception a step throws (bad credentials, a misconfigured adapter, a runner that
 * cannot start) is technical too, but retrying will not cure it: the worker fails the job without
 * retries, so an incident opens at once for an operator to fix and resolve.
 */
public class TransientStepException extends RuntimeException {

  public TransientStepException(String message) {
    super(message);
  }

  public TransientStepException(String message, Throwable cause) {
    super(message, cause);
  }
}
