package io.modelship.engine.api;

import io.modelship.engine.BodySizeLimit;
import io.modelship.engine.command.AlreadyExistsException;
import io.modelship.engine.command.InvalidArgumentException;
import io.modelship.engine.command.InvalidStateException;
import io.modelship.engine.command.NotFoundException;
import io.modelship.engine.command.UnavailableException;
import io.modelship.engine.parse.InvalidDeploymentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/**
 * Turns every failure of the {@code /v2} API into {@code application/problem+json}, the shape the
 * Camunda client reads; the title is the rejection kind, as a real cluster sends it. Nothing
 * unexpected leaks a stack trace.
 */
@RestControllerAdvice(basePackageClasses = EngineProblems.class)
@Order(Ordered.HIGHEST_PRECEDENCE) // before any application-wide advice
class EngineProblems {

  private static final Logger LOG = LoggerFactory.getLogger(EngineProblems.class);

  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "NOT_FOUND", e.getMessage());
  }

  @ExceptionHandler({InvalidStateException.class, AlreadyExistsException.class})
  ResponseEntity<ProblemDetail> conflict(RuntimeException e) {
    String title = e instanceof AlreadyExistsException ? "ALREADY_EXISTS" : "INVALID_STATE";
    return problem(HttpStatus.CONFLICT, title, e.getMessage());
  }

  @ExceptionHandler({InvalidArgumentException.class, InvalidDeploymentException.class})
  ResponseEntity<ProblemDetail> invalid(RuntimeException e) {
    return problem(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", e.getMessage());
  }

  @ExceptionHandler(UnavailableException.class)
  ResponseEntity<ProblemDetail> unavailable(UnavailableException e) {
    return problem(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", e.getMessage());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BodySizeLimit.TooLargeException tooLarge) {
        return problem(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", tooLarge.getMessage());
      }
    }
    String detail =
        e.getMessage() != null && e.getMessage().startsWith("Expected")
            ? e.getMessage()
            : "Expected a JSON request body, but it could not be read";
    return problem(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", detail);
  }

  @ExceptionHandler({
    MissingServletRequestPartException.class,
    MissingServletRequestParameterException.class
  })
  ResponseEntity<ProblemDetail> missingPart(Exception e) {
    return problem(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "Expected " + e.getMessage());
  }

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e) {
    return problem(
        HttpStatus.PAYLOAD_TOO_LARGE,
        "PAYLOAD_TOO_LARGE",
        "Expected a deployment within the upload size limit, but it is larger");
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
    return problem(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "INVALID_ARGUMENT",
        "Expected content type %s, but got %s"
            .formatted(e.getSupportedMediaTypes(), e.getContentType()));
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e) {
    return problem(
        HttpStatus.NOT_ACCEPTABLE,
        "INVALID_ARGUMENT",
        "Expected an Accept header that allows %s, but it does not"
            .formatted(e.getSupportedMediaTypes()));
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
    return problem(
        HttpStatus.METHOD_NOT_ALLOWED,
        "INVALID_ARGUMENT",
        "Expected one of %s, but got %s".formatted(e.getSupportedHttpMethods(), e.getMethod()));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    LOG.error("Unexpected failure in the engine API", e);
    return problem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "INTERNAL",
        "Expected to handle the request, but the engine failed unexpectedly; see its log");
  }

  static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
