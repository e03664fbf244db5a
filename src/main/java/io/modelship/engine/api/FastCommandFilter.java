package io.modelship.engine.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.camunda.client.protocol.rest.CreateProcessInstanceResult;
import io.camunda.client.protocol.rest.JobActivationRequest;
import io.camunda.client.protocol.rest.JobCompletionRequest;
import io.camunda.client.protocol.rest.JobFailRequest;
import io.camunda.client.protocol.rest.ProcessInstanceCreationInstruction;
import io.modelship.engine.BodySizeLimit;
import io.modelship.engine.command.AlreadyExistsException;
import io.modelship.engine.command.InvalidArgumentException;
import io.modelship.engine.command.InvalidStateException;
import io.modelship.engine.command.NotFoundException;
import io.modelship.engine.command.UnavailableException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves the engine's hot commands ({@code POST /v2/process-instances}, {@code
 * /v2/jobs/activation}, {@code /v2/jobs/{key}/completion} and {@code /v2/jobs/{key}/failure})
 * without Spring MVC: a 3-task instance is seven such requests, and dispatch, argument resolution,
 * content negotiation and message-converter lookup cost more CPU than the engine's own work
 * (docs/engine-performance.md).
 *
 * <p>It runs after {@code EngineRequestFilter}, so the port rule, the credentials and the body size
 * limit apply as before. The answers are the controllers' answers, byte for byte: the same Jackson
 * 2 reader and writer as {@link RestModelConverter}, the same status, and for a failure the same
 * problem as {@link EngineProblems}. Anything it does not serve the common way (another method or
 * content type, an Accept without JSON, an encoded path, an empty or unreadable body) goes on to
 * the controllers unchanged, the body replayed, so their answer (a 415, a 400 naming the field) is
 * the only one.
 */
final class FastCommandFilter extends OncePerRequestFilter {

  private static final String INSTANCES = "/v2/process-instances";
  private static final String JOBS = "/v2/jobs/";
  private static final String ACTIVATION = "/v2/jobs/activation";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
  private static final ObjectReader CREATE =
      JSON.readerFor(ProcessInstanceCreationInstruction.class);
  private static final ObjectReader ACTIVATE = JSON.readerFor(JobActivationRequest.class);
  private static final ObjectReader COMPLETE = JSON.readerFor(JobCompletionRequest.class);
  private static final ObjectReader FAIL = JSON.readerFor(JobFailRequest.class);
  private static final ObjectWriter CREATED = JSON.writerFor(CreateProcessInstanceResult.class);
  private static final ObjectWriter PROBLEM = new ObjectMapper().writer();

  private final ProcessInstanceController instances;
  private final JobController jobs;
  private final JobPollController polls;
  private final EngineProblems problems = new EngineProblems();

  FastCommandFilter(
      ProcessInstanceController instances, JobController jobs, JobPollController polls) {
    this.instances = instances;
    this.jobs = jobs;
    this.polls = polls;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    Route route = "POST".equals(request.getMethod()) && json(request) ? route(path) : null;
    if (route == null) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body;
    try {
      body = request.getInputStream().readAllBytes();
    } catch (BodySizeLimit.TooLargeException e) {
      problem(response, path, HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", e.getMessage());
      return;
    }
    Object command = read(route, body);
    if (command == null) {
      chain.doFilter(new ReplayedBody(request, body), response);
      return;
    }
    try {
      serve(route, path, command, request, response);
    } catch (RuntimeException e) {
      ResponseEntity<ProblemDetail> answer = answer(e);
      ProblemDetail problem = answer.getBody();
      problem(
          response,
          path,
          HttpStatus.valueOf(answer.getStatusCode().value()),
          problem.getTitle(),
          problem.getDetail());
    }
  }

  private void serve(
      Route route,
      String path,
      Object command,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    switch (route) {
      case CREATE -> {
        byte[] answer =
            CREATED.writeValueAsBytes(
                instances.create((ProcessInstanceCreationInstruction) command));
        response.setStatus(200);
        response.setContentType("application/json");
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
      }
      case ACTIVATE -> polls.activate((JobActivationRequest) command, request);
      case COMPLETE -> {
        jobs.complete(key(path, "/completion"), (JobCompletionRequest) command);
        response.setStatus(204);
      }
      case FAIL -> {
        jobs.fail(key(path, "/failure"), (JobFailRequest) command);
        response.setStatus(204);
      }
    }
  }

  /** The controllers' problem for a failure, as {@link EngineProblems} answers it. */
  private ResponseEntity<ProblemDetail> answer(RuntimeException e) {
    if (e instanceof NotFoundException notFound) {
      return problems.notFound(notFound);
    }
    if (e instanceof InvalidStateException || e instanceof AlreadyExistsException) {
      return problems.conflict(e);
    }
    if (e instanceof InvalidArgumentException) {
      return problems.invalid(e);
    }
    if (e instanceof UnavailableException unavailable) {
      return problems.unavailable(unavailable);
    }
    return problems.unexpected(e);
  }

  private static Route route(String path) {
    if (path.equals(INSTANCES)) {
      return Route.CREATE;
    }
    if (!path.startsWith(JOBS)) {
      return null;
    }
    if (path.equals(ACTIVATION)) {
      return Route.ACTIVATE;
    }
    String rest = path.substring(JOBS.length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || !plain(rest.substring(0, slash))) {
      return null;
    }
    return switch (rest.substring(slash)) {
      case "/completion" -> Route.COMPLETE;
      case "/failure" -> Route.FAIL;
      default -> null;
    };
  }

  /** A path segment Spring MVC would hand over unchanged: nothing encoded, no matrix variables. */
  private static boolean plain(String segment) {
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%' || c == ';') {
        return false;
      }
    }
    return true;
  }

  private static String key(String path, String suffix) {
    return path.substring(JOBS.length(), path.length() - suffix.length());
  }

  /** {@code application/json}, and an answer in JSON acceptable (problems are sent regardless). */
  private static boolean json(HttpServletRequest request) {
    String type = request.getContentType();
    if (type == null || !type.regionMatches(true, 0, "application/json", 0, 16)) {
      return false;
    }
    if (type.length() > 16 && type.charAt(16) != ';' && type.charAt(16) != ' ') {
      return false;
    }
    String accept = request.getHeader("Accept");
    return accept == null || accept.contains("application/json") || accept.contains("*/*");
  }

  /** The command, or null to leave the body to the controllers (empty, JSON null, unreadable). */
  private static Object read(Route route, byte[] body) {
    if (body.length == 0) {
      return null;
    }
    ObjectReader reader =
        switch (route) {
          case CREATE -> CREATE;
          case ACTIVATE -> ACTIVATE;
          case COMPLETE -> COMPLETE;
          case FAIL -> FAIL;
        };
    try {
      return reader.readValue(body);
    } catch (IOException e) {
      return null;
    }
  }

  /** The problem as Spring MVC writes {@link EngineProblems}' answers: sorted, with the path. */
  static void problem(
      HttpServletResponse response, String path, HttpStatus status, String title, String detail)
      throws IOException {
    Map<String, Object> body = new TreeMap<>();
    if (detail != null) {
      body.put("detail", detail);
    }
    body.put("instance", path);
    body.put("status", status.value());
    body.put("title", title);
    response.setStatus(status.value());
    response.setContentType("application/problem+json");
    PROBLEM.writeValue(response.getOutputStream(), body);
  }

  private enum Route {
    CREATE,
    ACTIVATE,
    COMPLETE,
    FAIL
  }
}
