package io.modelship.pipeline;

import java.util.Collection;

/** An app name that is not configured under {@code modelship.pipeline.apps}. */
public class UnknownAppException extends RuntimeException {

  public UnknownAppException(String app, Collection<String> known) {
    super(
        "Expected an app configured under modelship.pipeline.apps "
            + known
            + ", but got '"
            + app
            + "'");
  }
}
