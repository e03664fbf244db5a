package io.modelship.deploy;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import io.modelship.build.AppPipelineConfig.SmokeCheck;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.steplog.StepLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Runs an app's smoke checks over HTTP: each check's request, then its status, {@code bodyContains}
 * and {@code jsonPath} (which must resolve to a value, with Jayway JsonPath). While the app starts,
 * a failing check is tried again until {@code startupTimeout} has passed since the first request;
 * then the first check that still fails is {@code SMOKE_FAILED}, naming the check, what it expected
 * and what it found.
 */
public class HttpSmokeTester implements SmokeTester {

  private final SmokeTestProperties properties;
  private final HttpClient http;

  public HttpSmokeTester(SmokeTestProperties properties) {
    this.properties = properties;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(properties.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public String check(URI endpoint, List<SmokeCheck> checks, Path source, StepLog log) {
    long deadline = System.nanoTime() + properties.startupTimeout().toNanos();
    int number = 0;
    for (SmokeCheck check : checks) {
      number++;
      String name = "#" + number + " " + method(check) + " " + check.path();
      int tries = 0;
      while (true) {
        tries++;
        String problem = run(endpoint, check, source);
        if (problem == null) {
          log.append("Smoke check " + name + " passed" + (tries > 1 ? " (try " + tries + ")" : ""));
          break;
        }
        if (System.nanoTime() >= deadline) {
          log.append("Smoke check " + name + " failed: " + problem);
          throw new BusinessOutcomeException(
              ErrorCode.SMOKE_FAILED,
              "Expected smoke check " + name + " to see " + expected(check) + ", but " + problem);
        }
        sleep();
      }
    }
    String summary = checks.size() + " of " + checks.size() + " smoke checks passed";
    log.append(summary);
    return summary;
  }

  /** Runs one check once; null when it passes, else what was found. */
  private String run(URI endpoint, SmokeCheck check, Path source) {
    HttpResponse<String> response;
    try {
      response = http.send(request(endpoint, check, source), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return "the request failed (" + e.getClass().getSimpleName() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted during smoke checks", e);
    }
    int status = check.status() == 0 ? 200 : check.status();
    String body = response.body() == null ? "" : response.body();
    if (response.statusCode() != status) {
      return "it answered " + response.statusCode() + " with " + excerpt(body);
    }
    if (check.bodyContains() != null && !body.contains(check.bodyContains())) {
      return "the body was " + excerpt(body);
    }
    if (check.jsonPath() != null) {
      try {
        Object value = JsonPath.read(body, check.jsonPath());
        if (value == null || value instanceof Collection<?> list && list.isEmpty()) {
          return check.jsonPath() + " found nothing in " + excerpt(body);
        }
      } catch (PathNotFoundException e) {
        return check.jsonPath() + " found nothing in " + excerpt(body);
      } catch (InvalidPathException e) {
        return "the body is no JSON with that path: " + excerpt(body);
      }
    }
    return null;
  }

  private HttpRequest request(URI endpoint, SmokeCheck check, Path source) {
    String base = endpoint.toString().replaceAll("/+$", "");
    String path = check.path() == null ? "/" : check.path();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + (path.startsWith("/") ? path : "/" + path)))
            .timeout(properties.requestTimeout());
    if (check.bodyFile() == null) {
      return request.method(method(check), HttpRequest.BodyPublishers.noBody()).build();
    }
    Path root = source.toAbsolutePath().normalize();
    Path file = root.resolve(check.bodyFile()).normalize();
    if (!file.startsWith(root) || !Files.isRegularFile(file)) {
      throw new BusinessOutcomeException(
          ErrorCode.SMOKE_FAILED,
          "Expected the smoke request body "
              + check.bodyFile()
              + " in the app's repository, but"
              + " it is missing");
    }
    try {
      return request
          .header(
              "Content-Type",
              file.toString().endsWith(".json") ? "application/json" : "application/octet-stream")
          .method(method(check), HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(file)))
          .build();
    } catch (IOException e) {
      throw new IllegalStateException("Expected to read " + file + ", but " + e, e);
    }
  }

  private static String expected(SmokeCheck check) {
    StringBuilder expected =
        new StringBuilder("status ").append(check.status() == 0 ? 200 : check.status());
    if (check.bodyContains() != null) {
      expected.append(" and a body containing '").append(check.bodyContains()).append("'");
    }
    if (check.jsonPath() != null) {
      expected.append(" and a value at ").append(check.jsonPath());
    }
    return expected.toString();
  }

  private static String method(SmokeCheck check) {
    return check.method() == null ? "GET" : check.method().toUpperCase(Locale.ROOT);
  }

  private static String excerpt(String body) {
    String flat = body.strip().replaceAll("\\s+", " ");
    return flat.isEmpty()
        ? "an empty body"
        : "'" + (flat.length() > 120 ? flat.substring(0, 120) + "..." : flat) + "'";
  }

  private void sleep() {
    try {
      Thread.sleep(properties.retryInterval().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted during smoke checks", e);
    }
  }
}
