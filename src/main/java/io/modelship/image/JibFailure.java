package io.modelship.image;

import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.http.ResponseException;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.step.TransientStepException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;

/**
 * Sorts what Jib throws into the step outcomes: the app's inputs cannot make an image ({@code
 * IMAGE_BUILD_FAILED}), a failure worth retrying (registry 5xx, throttling, network), refused
 * credentials, or another technical failure.
 */
final class JibFailure {

  private JibFailure() {}

  static RuntimeException translate(Exception thrown, ImageSpec spec, Path cache) {
    Throwable e = thrown;
    while (e instanceof ExecutionException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof BusinessOutcomeException outcome) {
      return outcome;
    }
    String diskFailure = diskFailure(e);
    if (diskFailure != null) {
      // Not the registry's failure: a full disk is worth retrying once space is back.
      return new TransientStepException(
          "Expected to write the image's layers into Jib's cache at "
              + cache
              + ", but: "
              + diskFailure
              + "; free space there (modelship.image.jib.cache-directory), then retry",
          e);
    }
    if (e instanceof InvalidImageReferenceException) {
      return new BusinessOutcomeException(
          ErrorCode.IMAGE_BUILD_FAILED,
          "Expected image.base to be an image reference, but '" + spec.base() + "' is not one",
          e);
    }
    if (e instanceof RegistryUnauthorizedException unauthorized) {
      if (isBase(unauthorized.getImageReference(), spec)) {
        return new BusinessOutcomeException(
            ErrorCode.IMAGE_BUILD_FAILED,
            "Expected to pull the base image "
                + spec.base()
                + ", but its registry refused access ("
                + status(e)
                + ")",
            e);
      }
      return new RegistryAuthenticationException(
          "Expected the registry to accept the configured credentials for "
              + spec.repository()
              + ", but it refused them ("
              + status(e)
              + ")",
          e);
    }
    if (e instanceof RegistryAuthenticationFailedException) {
      return new RegistryAuthenticationException(
          "Expected the registry's token service to accept the configured credentials for "
              + spec.repository()
              + ", but it refused them",
          e);
    }
    if (e instanceof InsecureRegistryException) {
      return new IllegalStateException(
          "Expected the registry to present a trusted TLS certificate, but it did not;"
              + " set modelship.registry.insecure=true only for a local registry with a"
              + " self-signed certificate",
          e);
    }
    int status = statusCode(e);
    if (status == 429 || status >= 500) {
      return new TransientStepException(
          "The registry answered " + status + " while building " + spec.repository(), e);
    }
    if (status == 404 || (e instanceof RegistryException && mentionsUnknownManifest(e))) {
      return new BusinessOutcomeException(
          ErrorCode.IMAGE_BUILD_FAILED,
          "Expected the base image " + spec.base() + " to exist, but the registry does not know it",
          e);
    }
    if (e instanceof IOException && status < 0) {
      return new TransientStepException(
          "Expected to reach the registry while building "
              + spec.repository()
              + ", but "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
    if (e instanceof InterruptedException) {
      return new TransientStepException("Interrupted while building " + spec.repository(), e);
    }
    return new IllegalStateException(
        "Expected Jib to build "
            + spec.repository()
            + ", but "
            + e.getClass().getSimpleName()
            + ": "
            + e.getMessage(),
        e);
  }

  /**
   * The disk's own words when a write failed for want of space, anywhere in the causes; else null.
   */
  private static String diskFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (t instanceof IOException
          && message != null
          && (message.contains("No space left on device")
              || message.contains("Disk quota exceeded"))) {
        return message;
      }
    }
    return null;
  }

  /**
   * Jib names the repository that refused access. On our own registry our credentials were refused;
   * elsewhere the base image is out of reach.
   */
  private static boolean isBase(String imageReference, ImageSpec spec) {
    int slash = spec.repository().indexOf('/');
    String ourRegistry = slash < 0 ? null : spec.repository().substring(0, slash + 1);
    return imageReference != null
        && (ourRegistry == null || !imageReference.startsWith(ourRegistry));
  }

  private static boolean mentionsUnknownManifest(Throwable e) {
    String message = String.valueOf(e.getMessage()).toLowerCase();
    return message.contains("manifest unknown") || message.contains("manifest_unknown");
  }

  /** The HTTP status in the cause chain, or -1. */
  static int statusCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ResponseException response) {
        return response.getStatusCode();
      }
    }
    return -1;
  }

  private static String status(Throwable e) {
    int status = statusCode(e);
    return status < 0 ? "no status" : "HTTP " + status;
  }
}
