package io.modelship.model;

/**
 * The store refused Modelship's credentials, or none could be found. Retrying will not cure it: an
 * operator fixes the configuration. The message names the model and the store's answer, never a
 * credential.
 */
public class ModelAccessDeniedException extends RuntimeException {

  public ModelAccessDeniedException(String message, Throwable cause) {
    super(message, cause);
  }
}
