package io.modelship.build;

/**
 * The git server refused Modelship's credentials, or asked for some when none are configured.
 * Retrying will not cure it. The message names the repository without credentials.
 */
public class SourceAccessDeniedException extends RuntimeException {

  public SourceAccessDeniedException(String message, Throwable cause) {
    super(message, cause);
  }
}
