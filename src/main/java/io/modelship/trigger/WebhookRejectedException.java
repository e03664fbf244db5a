package io.modelship.trigger;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A webhook delivery refused before anything started: 400, 401 or 404 as problem+json. */
class WebhookRejectedException extends ErrorResponseException {

  WebhookRejectedException(HttpStatus status, String detail) {
    super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
  }
}
