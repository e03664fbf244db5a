package io.modelship.model;

import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.step.TransientStepException;
import io.modelship.steplog.SecretMasker;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * How a store's failure maps onto a step's outcomes, the same for every store: 404 is {@code
 * MODEL_NOT_FOUND}; 401 and 403 are refused access; 408, 412 (changed mid-fetch), 429 and 5xx, and
 * network errors are worth retrying; anything else is a technical failure. Messages name the model
 * and the store's answer, never a credential.
 */
final class StoreFailure {

  private StoreFailure() {}

  /** The outcome for an HTTP answer; {@code code} is the store's error code or empty. */
  static RuntimeException ofStatus(
      ModelLocation location, String store, int status, String code, String credentialsHint) {
    String answer =
        store + " answered " + status + (code == null || code.isEmpty() ? "" : " " + code);
    if (status == 404) {
      return new BusinessOutcomeException(
          ErrorCode.MODEL_NOT_FOUND,
          "Expected a model at "
              + location.uri()
              + ", but "
              + answer
              + " (no such object or container)");
    }
    if (status == 401 || status == 403) {
      return new ModelAccessDeniedException(
          "Expected to be allowed to read model "
              + location.uri()
              + ", but "
              + answer
              + "; check "
              + credentialsHint,
          null);
    }
    if (status == 408 || status == 412 || status == 429 || status >= 500) {
      return new TransientStepException(
          "Expected to fetch model "
              + location.uri()
              + ", but "
              + answer
              + (status == 412 ? " (it changed during the fetch)" : "")
              + "; worth retrying");
    }
    return new IllegalStateException(
        "Expected to fetch model " + location.uri() + ", but " + answer);
  }

  /** The outcome for any other exception: retry network errors, pass on outcomes already made. */
  static RuntimeException ofException(
      ModelLocation location, String store, Throwable e, SecretMasker masker) {
    if (e instanceof BusinessOutcomeException || e instanceof TransientStepException) {
      return (RuntimeException) e;
    }
    if (isNetworkFailure(e)) {
      return new TransientStepException(
          "Expected to reach "
              + store
              + " for model "
              + location.uri()
              + ", but "
              + masker.mask(String.valueOf(rootCause(e)))
              + "; worth retrying");
    }
    return new IllegalStateException(
        "Expected to fetch model " + location.uri() + ", but " + masker.mask(String.valueOf(e)));
  }

  static boolean isNetworkFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof TimeoutException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
