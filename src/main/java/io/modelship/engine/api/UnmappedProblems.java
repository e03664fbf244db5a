package io.modelship.engine.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Answers the {@code /v2} requests that no engine controller took (a method the path does not
 * serve, a content type or Accept its mapping does not match, a path that does not exist) with the
 * same problem+json as {@link EngineProblems}: that advice only applies once an engine controller
 * has been chosen, so without this they got Boot's default error JSON.
 */
final class UnmappedProblems implements HandlerExceptionResolver, Ordered {

  private static final Logger LOG = LoggerFactory.getLogger(UnmappedProblems.class);

  @Override
  public ModelAndView resolveException(
      HttpServletRequest request, HttpServletResponse response, Object handler, Exception e) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    boolean engineHandler =
        handler instanceof HandlerMethod method
            && method.getBeanType().getPackageName().equals(getClass().getPackageName());
    if (engineHandler || !(path.equals("/v2") || path.startsWith("/v2/"))) {
      return null;
    }
    ResponseEntity<ProblemDetail> answer = answer(e, request.getMethod(), path);
    if (answer == null) {
      return null;
    }
    try {
      if (e instanceof HttpRequestMethodNotSupportedException method
          && method.getSupportedMethods() != null) {
        response.setHeader(
            "Allow", StringUtils.arrayToCommaDelimitedString(method.getSupportedMethods()));
      }
      ProblemDetail problem = answer.getBody();
      FastCommandFilter.problem(
          response,
          path,
          HttpStatus.valueOf(answer.getStatusCode().value()),
          problem.getTitle(),
          problem.getDetail());
    } catch (IOException written) {
      LOG.debug("Could not write the problem for {}: {}", path, written.getMessage());
    }
    return new ModelAndView();
  }

  private static ResponseEntity<ProblemDetail> answer(Exception e, String method, String path) {
    if (e instanceof HttpRequestMethodNotSupportedException notSupported) {
      return new EngineProblems().method(notSupported);
    }
    if (e instanceof HttpMediaTypeNotSupportedException mediaType) {
      return new EngineProblems().mediaType(mediaType);
    }
    if (e instanceof HttpMediaTypeNotAcceptableException notAcceptable) {
      return new EngineProblems().notAcceptable(notAcceptable);
    }
    if (e instanceof NoResourceFoundException) {
      return EngineProblems.problem(
          HttpStatus.NOT_FOUND,
          "NOT_FOUND",
          "Expected a path and method of the engine API, but there is no %s %s"
              .formatted(method, path));
    }
    return null;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
