package io.modelship.api;

import io.modelship.pipeline.UnknownAppException;
import io.modelship.trigger.AppBusyException;
import io.modelship.trigger.EngineUnavailableException;
import java.net.URI;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as {@code application/problem+json} that names what was expected and what was found;
 * never a stack trace. Unexpected failures answer 500 with an id to find the logged cause.
 */
@RestControllerAdvice(basePackages = {"io.modelship.api", "io.modelship.trigger"})
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(UnknownAppException.class)
  ProblemDetail unknownApp(UnknownAppException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(AppBusyException.class)
  ProblemDetail busy(AppBusyException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    problem.setProperty("runningRunId", e.runningRunId());
    problem.setProperty("app", e.app());
    return problem;
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail badArgument(IllegalArgumentException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler(EngineUnavailableException.class)
  ProblemDetail engineUnavailable(EngineUnavailableException e) {
    LOG.warn("{}", e.getMessage(), e.getCause());
    return ProblemDetail.forStatusAndDetail(
        HttpStatus.SERVICE_UNAVAILABLE, e.getMessage() + "; nothing was started, try again");
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String cause =
        String.valueOf(e.getMostSpecificCause().getMessage()).lines().findFirst().orElse("");
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST, "Expected a JSON body, but it cannot be read: " + cause);
    return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
  }

  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception e) {
    String id = UUID.randomUUID().toString();
    LOG.error("Unexpected failure {}", id, e);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "Expected to answer, but an unexpected failure occurred; it is logged as " + id);
    problem.setInstance(URI.create("urn:modelship:failure:" + id));
    return problem;
  }
}
