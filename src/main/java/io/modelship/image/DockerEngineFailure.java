package io.modelship.image;

import com.github.dockerjava.api.exception.DockerException;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.TransientStepException;
import java.io.IOException;

/**
 * Sorts what a docker-java call throws into the step outcomes. docker-java's transport wraps the
 * failure to reach the engine (a socket that is gone, a refused or reset connection) in a bare
 * {@link RuntimeException}; that is an engine away for a while, worth retrying, as are its 409, 429
 * and 5xx answers. Other answers are technical failures that a retry will not cure. The step's own
 * outcomes pass through unchanged.
 */
public final class DockerEngineFailure {

  private DockerEngineFailure() {}

  /**
   * @param doing what was asked of the engine, e.g. {@code "run model-api@sha256:..."}
   */
  public static RuntimeException translate(RuntimeException thrown, String host, String doing) {
    if (thrown instanceof BusinessOutcomeException || thrown instanceof TransientStepException) {
      return thrown;
    }
    if (thrown instanceof DockerException answer) {
      int status = answer.getHttpStatus();
      if (status == 409 || status == 429 || status >= 500) {
        return new TransientStepException(
            "Expected the Docker engine to " + doing + ", but it answered " + status, thrown);
      }
      return new IllegalStateException(
          "Expected the Docker engine to "
              + doing
              + ", but it answered "
              + status
              + ": "
              + thrown.getMessage(),
          thrown);
    }
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof IOException unreachable) {
        return unreachable(host, doing, unreachable, thrown);
      }
    }
    return thrown;
  }

  /** The engine could not be reached (or the connection to it broke). */
  public static TransientStepException unreachable(
      String host, String doing, IOException cause, Throwable thrown) {
    return new TransientStepException(
        "Expected to reach the Docker engine at "
            + host
            + " to "
            + doing
            + ", but "
            + cause.getClass().getSimpleName()
            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
        thrown);
  }
}
