package io.modelship.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.ElementInstanceState;
import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.response.Incident;
import io.modelship.pipeline.PipelineFixture;
import io.modelship.servers.S3ProxyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retry of a real incident in the browser: the packaged jar runs the real commit-build of the
 * process tests' app ({@link PipelineFixture}: JGit, the registry, Jib) with its model on s3proxy;
 * the store is down when the build starts, so fetch-model fails its three attempts (a 0.2 s
 * backoff) and opens an incident. Once the store is back, a release manager clicks Retry on the run
 * page in Chromium ({@code console-check.mjs retry}) and the open page follows the build to its
 * end; a read-only user sees no Retry and is refused with 403.
 */
class ConsoleRetryIT {

  private static final String BUCKET = "console-models";
  private static final Pattern INSTANCE = Pattern.compile("\"processInstanceKey\":(\\d+)");
  private static final S3ProxyServer S3 = new S3ProxyServer();

  @TempDir static Path dir;
  private static PipelineFixture fixture;
  private static String restorePipelineFile;
  private static ConsoleServer server;
  private static CamundaClient engine;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startModelshipOnThePipelinesServers() throws Exception {
    BrowserCheck.requireBrowser();
    fixture = PipelineFixture.get();
    S3.start();
    S3.client().createBucket(b -> b.bucket(BUCKET));
    fixture.uploadModel(S3.client(), BUCKET);
    Map<String, String> properties = new LinkedHashMap<>(fixture.modelshipProperties());
    properties.put("modelship.models.s3.endpoint", S3.endpoint().toString());
    properties.put("modelship.models.s3.path-style", "true");
    properties.put("modelship.models.s3.region", S3ProxyServer.REGION.id());
    properties.put("modelship.models.s3.access-key-id", S3ProxyServer.ACCESS_KEY_ID);
    properties.put("modelship.models.s3.secret-access-key", S3ProxyServer.SECRET_ACCESS_KEY);
    properties.put("modelship.models.cache.root", dir.resolve("model-cache").toString());
    properties.put("modelship.source.workspaces", dir.resolve("workspaces").toString());
    // Three quick attempts, so the incident opens within seconds of the build's start.
    properties.put("modelship.steps.retry-backoff", "PT0.2S");
    server = ConsoleServer.start(dir.resolve("server"), properties);
    engine = server.engineClient();
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (engine != null) {
      engine.close();
    }
    if (server != null) {
      server.close();
    }
    if (restorePipelineFile != null) {
      fixture.commit(".modelship.yaml", restorePipelineFile);
    }
    S3.stop();
  }

  @Test
  void shouldEndTheBuildWellWhenAReleaseManagerRetriesItsIncidentOnceTheModelStoreIsBack()
      throws Exception {
    // given: the app's model on the store, which is down as the build starts
    restorePipelineFile = fixture.pipelineFile(null, "www");
    // The app's tests take 8 s and print a line a second, as real ones do (the fixture's take
    // none), so that there is a build still running after fetch-model for the page to show and a
    // step log growing while the page follows it; the rest can take under a second when quiet.
    String sha =
        fixture.commit(
            ".modelship.yaml",
            restorePipelineFile
                .replace(
                    "file:" + PipelineFixture.MODEL, "s3://" + BUCKET + "/" + PipelineFixture.MODEL)
                .replace(
                    "command: [\"true\"]",
                    "command: [\"sh\", \"-c\","
                        + " \"for i in 1 2 3 4 5 6 7 8; do echo test $i of 8; sleep 1; done\"]"));
    S3.suspend();
    String runId = startBuild(sha);
    long instance = await("the run's process instance", () -> instanceOf(runId));
    Incident incident = await("an incident of the build", () -> openIncident(instance));
    assertThat(incident.getElementId()).isEqualTo("fetch-model");

    // when: the store is back, and people look at the run page; the release manager retries
    S3.resume();
    BrowserCheck.Result retry =
        BrowserCheck.run(dir, server, "retry", runId, Duration.ofMinutes(5));

    // then: the page followed the real build to its end
    System.out.printf("console-check retry:%n%s%n", retry.output());
    assertThat(retry.exitCode()).as(retry.output()).isZero();
    assertThat(retry.output())
        .contains(
            "ok: the diagram to mark fetch-model as an incident",
            "ok: a read-only user to see no Retry button",
            "ok: a read-only user's retry POST to be refused with 403",
            "ok: the incident to stay open after the refused POST",
            "ok: Retry to say which incident it retried",
            "ok: the page to mark fetch-model done while the build still ran",
            "ok: the page to mark run-tests active while it ran",
            "ok: the page to show no incident at the end",
            "ok: the steps table to show fetch-model succeeded on its 4th attempt");
    // and so does the engine: ended at image-published, no incident open
    assertThat(engine.newProcessInstanceGetRequest(instance).send().join().getState())
        .isEqualTo(ProcessInstanceState.COMPLETED);
    assertThat(
            engine
                .newElementInstanceSearchRequest()
                .filter(
                    f ->
                        f.processInstanceKey(instance)
                            .elementId("image-published")
                            .state(ElementInstanceState.COMPLETED))
                .send()
                .join()
                .items())
        .hasSize(1);
    assertThat(openIncident(instance)).isEmpty();
    assertThat(get("/api/runs/" + runId)).contains("\"status\":\"succeeded\"");
    assertThat(fixture.registry().manifestPuts()).anyMatch(p -> p.endsWith(":" + sha));
  }

  private String startBuild(String sha) throws Exception {
    HttpResponse<String> started =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/api/builds"))
                .header("Authorization", basic("admin", server.adminPassword))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"app\":\"" + PipelineFixture.APP + "\",\"commitSha\":\"" + sha + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(started.statusCode()).as(started.body()).isIn(200, 201, 202);
    return started.body().replaceAll(".*\"runId\":\"([^\"]+)\".*", "$1");
  }

  private Optional<Long> instanceOf(String runId) {
    Matcher key = INSTANCE.matcher(get("/api/runs/" + runId));
    return key.find() ? Optional.of(Long.parseLong(key.group(1))) : Optional.empty();
  }

  private Optional<Incident> openIncident(long instance) {
    List<Incident> open =
        engine
            .newIncidentSearchRequest()
            .filter(f -> f.processInstanceKey(instance).state(IncidentState.ACTIVE))
            .send()
            .join()
            .items();
    return open.stream().findFirst();
  }

  private String get(String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(server.url() + path))
                  .header("Authorization", basic("reader", server.readerPassword))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T await(String what, Supplier<Optional<T>> found) throws InterruptedException {
    Instant until = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(until)) {
      Optional<T> value = found.get();
      if (value.isPresent()) {
        return value.get();
      }
      Thread.sleep(200);
    }
    throw new AssertionError("Expected " + what + " within 90 s, but there was none");
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
