package io.modelship.console;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.modelship.servers.FreePorts;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web console's benchmark (not a test): the packaged jar (default profile: orchestrator,
 * workers, embedded engine) with a ledger of many runs, each with a real process instance on the
 * embedded engine (most completed, some waiting on a job, some with an incident, a few cancelled, a
 * few with no instance), then a signed-in client times the runs page and the run page, p50 and p99
 * over sequential requests after a warm-up. A browser phase (Debian's Chromium driven by
 * playwright-core, {@code tools/console-ui/bench-run-page.mjs}) times a run page from navigation to
 * its diagram rendered and marked.
 *
 * <p>Usage: {@code bin/bench-console [runs=10000] [requests=100] [browser-loads=20]}. The ledger
 * rows go in through JDBC (the jar's H2 file opened with {@code AUTO_SERVER=TRUE}); the instances
 * through the Camunda client on the engine's REST API.
 */
public final class ConsoleBenchmark {

  private static final String BPMN =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" \
      xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" \
      targetNamespace="http://bpmn.io/schema/bpmn">
        <bpmn:process id="console-bench-run" isExecutable="true">
          <bpmn:startEvent id="start"/>
          <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="route"/>
          <bpmn:exclusiveGateway id="route" default="f-done"/>
          <bpmn:sequenceFlow id="f-done" sourceRef="route" targetRef="end"/>
          <bpmn:sequenceFlow id="f-wait" sourceRef="route" targetRef="wait">
            <bpmn:conditionExpression>= outcome = "wait"</bpmn:conditionExpression>
          </bpmn:sequenceFlow>
          <bpmn:sequenceFlow id="f-fail" sourceRef="route" targetRef="fail">
            <bpmn:conditionExpression>= outcome = "fail"</bpmn:conditionExpression>
          </bpmn:sequenceFlow>
          <bpmn:serviceTask id="wait"><bpmn:extensionElements>\
      <zeebe:taskDefinition type="console-bench-wait"/></bpmn:extensionElements></bpmn:serviceTask>
          <bpmn:serviceTask id="fail"><bpmn:extensionElements>\
      <zeebe:taskDefinition type="console-bench-fail"/></bpmn:extensionElements></bpmn:serviceTask>
          <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
          <bpmn:sequenceFlow id="f3" sourceRef="fail" targetRef="end"/>
          <bpmn:endEvent id="end"/>
        </bpmn:process>
      </bpmn:definitions>
      """;

  private static final Duration BUDGET = Duration.ofSeconds(15);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final DateTimeFormatter RUN_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final String[] APPS = {
    "fraud-model", "churn-model", "search-ranker", "demo-app", "price-model", "vision-api"
  };

  private final int runs;
  private final int requests;
  private final int browserLoads;
  private final Random random = new Random(12);
  private final String password =
      "bench-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
  private final int port = FreePorts.loopback();
  private final int enginePort = FreePorts.loopback();
  private Path dir;
  private Process jar;
  private String releaseRunId;
  private final Map<String, Integer> mix = new LinkedHashMap<>();

  private ConsoleBenchmark(int runs, int requests, int browserLoads) {
    this.runs = runs;
    this.requests = requests;
    this.browserLoads = browserLoads;
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int browserLoads = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    ConsoleBenchmark bench = new ConsoleBenchmark(runs, requests, browserLoads);
    try {
      bench.run();
    } finally {
      bench.stop();
    }
    System.exit(0);
  }

  private void run() throws Exception {
    dir = Files.createTempDirectory("console-bench");
    start();
    Instant filled = Instant.now();
    try (CamundaClient engine =
        CamundaClient.newClientBuilder()
            .restAddress(URI.create("http://127.0.0.1:" + enginePort))
            .preferRestOverGrpc(true)
            .build()) {
      releaseRunId = startRelease();
      fill(engine);
    }
    System.out.printf(
        "ledger: %d runs (%s), filled in %d s%n",
        runs, mix, Duration.between(filled, Instant.now()).toSeconds());
    HttpClient browser = signedIn();
    String app = APPS[1];
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("GET /", "/");
    paths.put("GET /runs.json", "/runs.json");
    paths.put("GET /?size=100", "/?size=100");
    paths.put("GET /?app=" + app, "/?app=" + app);
    paths.put("GET /?page=40", "/?page=40");
    paths.put("GET /runs/{id} (HTML)", "/runs/" + releaseRunId);
    paths.put("GET /runs/{id}/diagram.json", "/runs/" + releaseRunId + "/diagram.json");
    // What an open run page asks for every second while the run is active.
    paths.put("GET /runs/{id}/marks.json", "/runs/" + releaseRunId + "/marks.json");
    // The state filters last: before the batched runs page one took minutes at 10,000 runs.
    Map<String, String> filters = new LinkedHashMap<>();
    filters.put("GET /?state=active", "/?state=active");
    filters.put("GET /?state=incident", "/?state=incident");
    filters.put("GET /?state=failed", "/?state=failed");
    filters.put("GET /?state=active&app=" + app, "/?state=active&app=" + app);
    System.out.printf(
        "%-34s %8s %8s %8s %5s   (up to %d sequential requests each, at most %d s, after up to"
            + " 3; a request gives up after %d s)%n",
        "request",
        "p50 ms",
        "p99 ms",
        "max ms",
        "n",
        requests,
        BUDGET.toSeconds(),
        REQUEST_TIMEOUT.toSeconds());
    measure(browser, paths);
    if (browserLoads > 0) {
      browserPhase();
    }
    measure(browser, filters);
  }

  /**
   * Each path: up to 3 warm-up requests (fewer once {@link #BUDGET} is spent), then sequential
   * requests until {@code requests} or the budget, at least one; a request that takes longer than
   * {@link #REQUEST_TIMEOUT} ends that path's measurement.
   */
  private void measure(HttpClient browser, Map<String, String> paths) throws Exception {
    for (Map.Entry<String, String> entry : paths.entrySet()) {
      try {
        Instant warmUntil = Instant.now().plus(BUDGET);
        for (int i = 0; i < 3 && Instant.now().isBefore(warmUntil); i++) {
          get(browser, entry.getValue());
        }
        List<Long> nanos = new ArrayList<>();
        Instant until = Instant.now().plus(BUDGET);
        while (nanos.size() < requests && (nanos.isEmpty() || Instant.now().isBefore(until))) {
          long begin = System.nanoTime();
          get(browser, entry.getValue());
          nanos.add(System.nanoTime() - begin);
        }
        nanos.sort(null);
        int n = nanos.size();
        System.out.printf(
            "%-34s %8.1f %8.1f %8.1f %5d%n",
            entry.getKey(),
            nanos.get(n / 2) / 1e6,
            nanos.get(Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)) / 1e6,
            nanos.get(n - 1) / 1e6,
            n);
      } catch (java.net.http.HttpTimeoutException slow) {
        System.out.printf(
            "%-34s  a request took longer than %d s%n",
            entry.getKey(), REQUEST_TIMEOUT.toSeconds());
      }
    }
  }

  private void start() throws Exception {
    Path jarFile = Path.of(System.getProperty("modelship.jar", "target/modelship.jar"));
    Path log = dir.resolve("modelship.log");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-jar",
            jarFile.toString(),
            "--server.port=" + port,
            "--server.address=127.0.0.1",
            "--modelship.engine.port=" + enginePort,
            "--modelship.engine.grpc-port=" + FreePorts.loopback(),
            "--modelship.data-dir=" + dir.resolve("data"),
            "--spring.datasource.url=" + ledgerUrl(),
            "--modelship.api.users[0].name=admin",
            "--modelship.api.users[0].password=" + password,
            "--modelship.api.users[0].roles=read,trigger,release-managers");
    jar =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    HttpClient http = HttpClient.newHttpClient();
    Instant until = Instant.now().plus(Duration.ofMinutes(3));
    while (Instant.now().isBefore(until)) {
      if (!jar.isAlive()) {
        throw new IllegalStateException("Expected Modelship to start, but it exited; see " + log);
      }
      try {
        if (http.send(
                    HttpRequest.newBuilder(url("/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(300);
    }
    throw new IllegalStateException("Expected Modelship to be ready within 3 min; see " + log);
  }

  private String ledgerUrl() {
    return "jdbc:h2:file:"
        + dir.resolve("data").resolve("ledger")
        + ";WRITE_DELAY=0;AUTO_SERVER=TRUE";
  }

  /** A release of no app on the real nightly-release (it ends at once): the run page measured. */
  private String startRelease() throws Exception {
    HttpResponse<String> started =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(url("/api/releases"))
                    .header(
                        "Authorization",
                        "Basic "
                            + Base64.getEncoder()
                                .encodeToString(
                                    ("admin:" + password).getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (started.statusCode() != 202) {
      throw new IllegalStateException("Expected the release to start: " + started.body());
    }
    return started.body().replaceAll(".*\"runId\":\"([^\"]+)\".*", "$1");
  }

  /**
   * The runs: instances first (the run id goes in as a variable, as Modelship's own runs carry it),
   * then the ledger's rows with those keys, the newest run a minute ago and one every 3 minutes
   * before it.
   */
  private void fill(CamundaClient engine) throws Exception {
    engine
        .newDeployResourceCommand()
        .addResourceStringUtf8(BPMN, "console-bench-run.bpmn")
        .send()
        .join();
    String[] outcomes = new String[runs];
    Long[] keys = new Long[runs];
    List<CompletableFuture<?>> pending = new ArrayList<>();
    Semaphore inFlight = new Semaphore(16);
    for (int i = 0; i < runs; i++) {
      double dice = random.nextDouble();
      String outcome =
          dice < 0.01
              ? "none"
              : dice < 0.04 ? "wait" : dice < 0.06 ? "fail" : dice < 0.07 ? "cancel" : "done";
      outcomes[i] = outcome;
      mix.merge(outcome, 1, Integer::sum);
      if (outcome.equals("none")) {
        continue;
      }
      int index = i;
      inFlight.acquire();
      pending.add(
          engine
              .newCreateInstanceCommand()
              .bpmnProcessId("console-bench-run")
              .latestVersion()
              .variables(
                  Map.of(
                      "outcome",
                      outcome.equals("cancel") ? "wait" : outcome,
                      "app",
                      APPS[i % APPS.length],
                      "commitSha",
                      sha(40)))
              .send()
              .toCompletableFuture()
              .whenComplete(
                  (ProcessInstanceEvent event, Throwable failed) -> {
                    inFlight.release();
                    if (event != null) {
                      keys[index] = event.getProcessInstanceKey();
                    }
                  }));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    for (int i = 0; i < runs; i++) {
      if (outcomes[i].equals("cancel")) {
        engine.newCancelInstanceCommand(keys[i]).send().join();
      }
    }
    int failing = mix.getOrDefault("fail", 0);
    for (int failed = 0; failed < failing; ) {
      List<ActivatedJob> jobs =
          engine
              .newActivateJobsCommand()
              .jobType("console-bench-fail")
              .maxJobsToActivate(100)
              .send()
              .join()
              .getJobs();
      for (ActivatedJob job : jobs) {
        engine
            .newFailCommand(job)
            .retries(0)
            .errorMessage("benchmark: the step failed on purpose")
            .send()
            .join();
        failed++;
      }
      if (jobs.isEmpty()) {
        Thread.sleep(200);
      }
    }
    ledger(outcomes, keys);
  }

  private void ledger(String[] outcomes, Long[] keys) throws Exception {
    Instant newest = Instant.now().minus(Duration.ofMinutes(1));
    try (Connection db = DriverManager.getConnection(ledgerUrl(), "sa", "");
        PreparedStatement run =
            db.prepareStatement(
                "insert into runs (run_id, kind, app, process_instance_key, started_by,"
                    + " created_at) values (?, ?, ?, ?, ?, ?)");
        PreparedStatement build =
            db.prepareStatement(
                "insert into builds (run_id, app, repository_url, branch, commit_sha, status,"
                    + " image, image_digest, model_uri, model_sha256, created_at, finished_at)"
                    + " values (?, ?, ?, 'main', ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement release =
            db.prepareStatement(
                "insert into releases (run_id, app, environment, build_run_id, image,"
                    + " image_digest, git_sha, model_sha256, approver, outcome, deployed_at)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, 'alice', 'released', ?)")) {
      db.setAutoCommit(false);
      String lastBuild = null;
      for (int i = 0; i < outcomes.length; i++) {
        Instant at = newest.minus(Duration.ofMinutes(3L * i));
        String app = APPS[i % APPS.length];
        boolean isBuild = i % 5 != 0;
        String runId = RUN_TIME.format(at) + "-" + String.format("b%05d", i);
        run.setString(1, runId);
        run.setString(2, isBuild ? "build" : "release");
        run.setString(3, isBuild ? app : null);
        if (keys[i] == null) {
          run.setNull(4, java.sql.Types.BIGINT);
        } else {
          run.setLong(4, keys[i]);
        }
        run.setString(5, i % 3 == 0 ? "timer" : i % 3 == 1 ? "webhook:github" : "alice");
        run.setTimestamp(6, Timestamp.from(at));
        run.addBatch();
        String commit = sha(40);
        String model = sha(64);
        if (isBuild) {
          String status =
              outcomes[i].equals("done")
                  ? (i % 10 == 1 ? "failed" : i % 10 == 2 ? "rejected" : "succeeded")
                  : outcomes[i].equals("cancel") ? "failed" : "running";
          build.setString(1, runId);
          build.setString(2, app);
          build.setString(3, "https://git.example.com/ml/" + app + ".git");
          build.setString(4, commit);
          build.setString(5, status);
          build.setString(6, "registry.example.com/" + app + ":" + commit.substring(0, 12));
          build.setString(7, "sha256:" + sha(64));
          build.setString(8, "https://models.example.com/" + app + "/" + model + ".onnx");
          build.setString(9, model);
          build.setTimestamp(10, Timestamp.from(at));
          build.setTimestamp(
              11, status.equals("running") ? null : Timestamp.from(at.plusSeconds(240)));
          build.addBatch();
          lastBuild = runId;
        } else if (lastBuild != null && outcomes[i].equals("done")) {
          for (String environment : List.of("staging", "production")) {
            release.setString(1, runId);
            release.setString(2, APPS[(i + 1) % APPS.length]);
            release.setString(3, environment);
            release.setString(4, lastBuild);
            release.setString(5, "registry.example.com/app:" + commit.substring(0, 12));
            release.setString(6, "sha256:" + sha(64));
            release.setString(7, commit);
            release.setString(8, model);
            release.setTimestamp(9, Timestamp.from(at.plusSeconds(60)));
            release.addBatch();
          }
        }
        if (i % 1000 == 999) {
          run.executeBatch();
          build.executeBatch();
          release.executeBatch();
        }
      }
      run.executeBatch();
      build.executeBatch();
      release.executeBatch();
      db.commit();
    }
  }

  private String sha(int length) {
    byte[] bytes = new byte[length / 2];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The run page in Chromium: navigation to the diagram rendered and marked. */
  private void browserPhase() throws Exception {
    Path script = Path.of("tools/console-ui/bench-run-page.mjs");
    ProcessBuilder node =
        new ProcessBuilder("node", script.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT);
    node.environment().put("CONSOLE_URL", "http://127.0.0.1:" + port);
    node.environment().put("RUN_ID", releaseRunId);
    node.environment().put("ADMIN_USER", "admin");
    node.environment().put("ADMIN_PASSWORD", password);
    node.environment().put("LOADS", String.valueOf(browserLoads));
    Process browser = node.start();
    if (!browser.waitFor(5, TimeUnit.MINUTES) || browser.exitValue() != 0) {
      browser.destroyForcibly();
      throw new IllegalStateException("Expected the browser phase to finish");
    }
  }

  private HttpClient signedIn() throws Exception {
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    Matcher token = CSRF.matcher(get(browser, "/login"));
    if (!token.find()) {
      throw new IllegalStateException("Expected a CSRF token on /login");
    }
    String form =
        "username=admin&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8)
            + "&_csrf="
            + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
    HttpResponse<String> login =
        browser.send(
            HttpRequest.newBuilder(url("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (login.headers().firstValue("Location").orElse("error").contains("error")) {
      throw new IllegalStateException("Expected to sign in, but: " + login.headers().map());
    }
    return browser;
  }

  private String get(HttpClient browser, String path) throws Exception {
    HttpResponse<String> response =
        browser.send(
            HttpRequest.newBuilder(url(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", path.contains(".json") ? "application/json" : "text/html")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "Expected 200 from " + path + ", but got " + response.statusCode());
    }
    return response.body();
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private void stop() throws InterruptedException {
    if (jar != null && jar.isAlive()) {
      jar.destroy();
      if (!jar.waitFor(20, TimeUnit.SECONDS)) {
        jar.destroyForcibly();
      }
    }
  }
}
