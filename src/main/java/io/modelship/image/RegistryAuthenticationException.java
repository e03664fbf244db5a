package io.modelship.image;

/**
 * The registry refused the configured credentials (or there were none and it wants some). Retrying
 * will not cure it: an operator must fix the credentials. The message never contains them.
 */
public class RegistryAuthenticationException extends RuntimeException {

  public RegistryAuthenticationException(String message) {
    super(message);
  }

  public RegistryAuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
