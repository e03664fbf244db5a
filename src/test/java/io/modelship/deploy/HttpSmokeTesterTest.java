package io.modelship.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelship.build.AppPipelineConfig.SmokeCheck;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpSmokeTesterTest {

  @TempDir Path source;
  private HttpServer server;
  private final AtomicInteger homeCalls = new AtomicInteger();
  private volatile int unavailableFor;
  private final List<String> scoreBodies = new ArrayList<>();
  private final List<String> log = new ArrayList<>();

  @BeforeEach
  void startApp() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          if (homeCalls.incrementAndGet() <= unavailableFor) {
            answer(exchange, 503, "starting");
          } else {
            answer(exchange, 200, "Healthy");
          }
        });
    server.createContext(
        "/version", exchange -> answer(exchange, 200, "{\"model\":{\"version\":\"1\"}}"));
    server.createContext(
        "/score",
        exchange -> {
          scoreBodies.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Content-Type")
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          answer(exchange, 200, "{\"predictions\":[{\"label\":7}]}");
        });
    server.start();
  }

  @AfterEach
  void stopApp() {
    server.stop(0);
  }

  @Test
  void shouldPassStatusBodyAndJsonPathChecksWithARequestBody() throws IOException {
    // given
    Files.createDirectories(source.resolve("smoke"));
    Files.writeString(source.resolve("smoke/score.json"), "{\"pixels\":[1]}");
    List<SmokeCheck> checks =
        List.of(
            new SmokeCheck("GET", "/", null, 200, "Healthy", null),
            new SmokeCheck("GET", "/version", null, 200, null, "$.model.version"),
            new SmokeCheck(
                "POST", "/score", "smoke/score.json", 200, null, "$.predictions[0].label"));

    // when
    String summary = tester(Duration.ofSeconds(5)).check(endpoint(), checks, source, log::add);

    // then
    assertThat(summary).isEqualTo("3 of 3 smoke checks passed");
    assertThat(scoreBodies).containsExactly("POST application/json {\"pixels\":[1]}");
  }

  @Test
  void shouldRetryWhileTheAppStarts() {
    // given
    unavailableFor = 3;

    // when
    String summary =
        tester(Duration.ofSeconds(10))
            .check(
                endpoint(),
                List.of(new SmokeCheck("GET", "/", null, 200, "Healthy", null)),
                source,
                log::add);

    // then
    assertThat(summary).isEqualTo("1 of 1 smoke checks passed");
    assertThat(homeCalls.get()).isEqualTo(4);
    assertThat(log).anyMatch(line -> line.contains("(try 4)"));
  }

  @Test
  void shouldFailNamingTheCheckWhatItExpectedAndWhatItFound() {
    // given
    List<SmokeCheck> checks =
        List.of(
            new SmokeCheck("GET", "/", null, 200, "Healthy", null),
            new SmokeCheck("GET", "/version", null, 200, null, "$.model.sha256"));

    // when / then
    assertThatThrownBy(
            () -> tester(Duration.ofMillis(300)).check(endpoint(), checks, source, log::add))
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SMOKE_FAILED))
        .hasMessage(
            "Expected smoke check #2 GET /version to see status 200 and a value at"
                + " $.model.sha256, but $.model.sha256 found nothing in"
                + " '{\"model\":{\"version\":\"1\"}}'");
  }

  @Test
  void shouldFailWhenTheAppNeverAnswers() {
    // given
    server.stop(0);

    // when / then
    assertThatThrownBy(
            () ->
                tester(Duration.ofMillis(300))
                    .check(
                        endpoint(),
                        List.of(new SmokeCheck("GET", "/", null, 200, null, null)),
                        source,
                        log::add))
        .isInstanceOf(BusinessOutcomeException.class)
        .hasMessageContaining("#1 GET /")
        .hasMessageContaining("the request failed");
  }

  private HttpSmokeTester tester(Duration startup) {
    return new HttpSmokeTester(
        new SmokeTestProperties(startup, Duration.ofMillis(50), Duration.ofSeconds(2)));
  }

  private URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
