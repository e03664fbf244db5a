package io.modelship.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the engine's {@code /v2} API, before anything else (Spring Security included) sees the
 * request:
 *
 * <ul>
 *   <li>When the engine has its own connector, {@code /v2} is served only there, and that connector
 *       serves nothing else: so the orchestrator's {@code /api} is never reachable on the engine's
 *       loopback port, and {@code /v2} never on the public one.
 *   <li>With clock control on (the {@code engine} profile and tests), the monitoring endpoints that
 *       Camunda Process Test's remote runtime calls on a cluster's monitoring port ({@code
 *       /actuator/clock}, {@code /actuator/cluster/purge}, {@code /actuator/health/readiness} and
 *       {@code /actuator/health/status}) are served beside {@code /v2}, on the engine's port only.
 *       The two health paths are answered here, so the application's own actuator health (on its
 *       own port) is never confused with the engine's.
 *   <li>With credentials configured, {@code /v2} and the monitoring endpoints require them (HTTP
 *       Basic).
 *   <li>A request body over the size limit is refused with 413: before it is read when it declares
 *       its length, else as soon as reading it passes the limit (a chunked body).
 *   <li>A {@code /v2} request whose {@code Accept} allows no JSON (nor XML for a process's XML) is
 *       refused with 406 before any command is applied: Spring MVC only finds out that it cannot
 *       write the answer after the controller has run.
 * </ul>
 */
final class EngineRequestFilter extends OncePerRequestFilter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final java.util.Set<String> MONITORING =
      java.util.Set.of(
          "/actuator/clock",
          "/actuator/clock/add",
          "/actuator/cluster/purge",
          "/actuator/health/readiness",
          "/actuator/health/status");

  private final EngineProperties properties;
  private final int enginePort;
  private final Engine engine;

  EngineRequestFilter(EngineProperties properties, int enginePort, Engine engine) {
    this.properties = properties;
    this.enginePort = enginePort;
    this.engine = engine;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    boolean v2 = path.equals("/v2") || path.startsWith("/v2/");
    boolean onEnginePort = properties.standalone() || request.getLocalPort() == enginePort;
    boolean monitoring = properties.clockControl() && MONITORING.contains(path);
    if (!properties.standalone()) {
      String refusal = null;
      if (onEnginePort && !v2 && !monitoring) {
        refusal = "Expected only the engine API (/v2) on the engine's port, but got " + path;
      } else if (!onEnginePort && v2) {
        refusal = "Expected the engine API on its own port, but this is another port";
      } else if (!onEnginePort && monitoring && !path.startsWith("/actuator/health/")) {
        refusal =
            "Expected the engine's monitoring endpoints on its own port, but this is another port";
      }
      if (refusal != null) {
        problem(response, HttpStatus.NOT_FOUND, "NOT_FOUND", refusal);
        return;
      }
    }
    // On the application's own port, /actuator/health/** is the application's health.
    boolean engineApi = v2 || (monitoring && onEnginePort);
    if (engineApi && properties.hasCredentials() && !authorized(request)) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"modelship-engine\"");
      problem(
          response,
          HttpStatus.UNAUTHORIZED,
          "UNAUTHORIZED",
          "Expected valid Basic credentials for the engine API, but none or wrong ones were sent");
      return;
    }
    if (engineApi && monitoring && path.startsWith("/actuator/health/")) {
      health(response);
      return;
    }
    if (engineApi && request.getContentLengthLong() > properties.maxRequestSize().toBytes()) {
      problem(
          response,
          HttpStatus.PAYLOAD_TOO_LARGE,
          "PAYLOAD_TOO_LARGE",
          "Expected a request body of at most %d bytes, but it has %d"
              .formatted(properties.maxRequestSize().toBytes(), request.getContentLengthLong()));
      return;
    }
    if (v2 && !acceptable(request.getHeaders("Accept"), path)) {
      problem(
          response,
          HttpStatus.NOT_ACCEPTABLE,
          "INVALID_ARGUMENT",
          "Expected an Accept header that allows %s, but got '%s'"
              .formatted(
                  path.endsWith("/xml") ? "text/xml" : "application/json",
                  String.join(", ", Collections.list(request.getHeaders("Accept")))));
      return;
    }
    chain.doFilter(
        engineApi ? new BodySizeLimit(request, properties.maxRequestSize().toBytes()) : request,
        response);
  }

  /**
   * Whether an answer of the engine API may be sent: no Accept, or one of its media ranges matches
   * JSON, a problem, or (for a process definition's XML) XML. An unreadable header allows none.
   */
  static boolean acceptable(Enumeration<String> accept, String path) {
    if (accept == null || !accept.hasMoreElements()) {
      return true;
    }
    String first = accept.nextElement();
    if (!accept.hasMoreElements() && (first.equals("application/json") || first.equals("*/*"))) {
      return true; // what the clients send: no parse on the hot path
    }
    List<String> headers = new java.util.ArrayList<>(List.of(first));
    headers.addAll(Collections.list(accept));
    List<MediaType> answers =
        path.endsWith("/xml")
            ? List.of(MediaType.TEXT_XML, MediaType.APPLICATION_PROBLEM_JSON)
            : List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
    try {
      for (String header : headers) {
        for (MediaType range : MediaType.parseMediaTypes(header)) {
          if (answers.stream().anyMatch(range::includes)) {
            return true;
          }
        }
      }
    } catch (InvalidMediaTypeException e) {
      return false;
    }
    return false;
  }

  /** The engine is up while its writer takes commands. */
  private void health(HttpServletResponse response) throws IOException {
    boolean up = engine.isAvailable();
    response.setStatus(up ? 200 : 503);
    response.setContentType("application/json");
    JSON.writeValue(response.getOutputStream(), Map.of("status", up ? "UP" : "DOWN"));
  }

  private boolean authorized(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    byte[] expected =
        (properties.username() + ":" + properties.password()).getBytes(StandardCharsets.UTF_8);
    byte[] given;
    try {
      given = Base64.getDecoder().decode(header.substring(6).strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected, given);
  }

  private static void problem(
      HttpServletResponse response, HttpStatus status, String title, String detail)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status.value());
    body.put("detail", detail);
    response.setStatus(status.value());
    response.setContentType("application/problem+json");
    JSON.writeValue(response.getOutputStream(), body);
  }
}
