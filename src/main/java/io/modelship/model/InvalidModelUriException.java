package io.modelship.model;

/**
 * A model URI that is malformed, of an unknown kind, or that tries to leave its container or root
 * folder ({@code ..} segments, absolute paths, encoded slashes or dots, double encoding). It is
 * refused before any request is made. The message never repeats a query string, which could hold a
 * SAS token.
 */
public class InvalidModelUriException extends IllegalArgumentException {

  public InvalidModelUriException(String message) {
    super(message);
  }
}
