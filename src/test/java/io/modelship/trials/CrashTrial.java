package io.modelship.trials;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.modelship.demo.DemoApi;
import io.modelship.servers.DockerEngine;
import io.modelship.servers.RegistryServer;
import io.modelship.steplog.FolderStepLogs;
import io.modelship.steplog.SecretMasker;
import io.modelship.steplog.StepKey;
import io.modelship.steplog.StepLogs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One crash trial: a commit-build and a release started through the API (the release approved
 * through it too), Modelship killed with SIGKILL after {@code wait}, started again on the same
 * data, and both runs followed to their ends; then the counts that must each be one.
 */
final class CrashTrial {

  static final String APP = "model-api";
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration START_TIMEOUT = CrashTrialsIT.START_TIMEOUT;

  private final StepLogs stepLogs;
  private final ModelshipProcess modelship;
  private final DemoApi api;
  private final RegistryServer registry;
  private final DockerEngine docker;
  private final Duration stuckAfter;

  CrashTrial(
      ModelshipProcess modelship,
      DemoApi api,
      RegistryServer registry,
      DockerEngine docker,
      Path stepLogs,
      Duration stuckAfter) {
    this.stepLogs = new FolderStepLogs(stepLogs, SecretMasker.of(List.of()), Clock.systemUTC());
    this.modelship = modelship;
    this.api = api;
    this.registry = registry;
    this.docker = docker;
    this.stuckAfter = stuckAfter;
  }

  /** Starts the release once the build has ended; null while it runs. */
  private String releaseOnceBuilt(JsonNode buildRun) throws IOException, InterruptedException {
    if (!ended(buildRun)) {
      return null;
    }
    return api.post("/api/releases", Map.of("app", APP)).path("runId").asText();
  }

  TrialResult run(int trial, String commitSha, Duration wait)
      throws IOException, InterruptedException {
    registry.resetCounters();
    Instant began = Instant.now();
    String build = startBuild(commitSha);
    // The release starts once the build has ended, so that it always takes this trial's build
    // (started together, it took the build before whenever it looked first, and had nothing to
    // release); the kill may still come during either.
    String release = null;
    long killAt = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < killAt) {
      release = release != null ? release : releaseOnceBuilt(api.get("/api/runs/" + build));
      if (release != null) {
        approveWhenAsked(release);
      }
      Thread.sleep(
          Math.min(POLL.toMillis(), Math.max(1, (killAt - System.nanoTime()) / 1_000_000)));
    }
    // What ran just before the kill: each started step with its attempt.
    Map<String, Integer> running = new HashMap<>();
    List<String> during = new ArrayList<>();
    for (String runId : release == null ? List.of(build) : List.of(build, release)) {
      JsonNode run = api.get("/api/runs/" + runId);
      for (JsonNode step : run.path("steps")) {
        if ("started".equals(step.path("state").asText())) {
          running.put(runId + "/" + step.path("step").asText(), step.path("attempts").asInt());
          during.add(step.path("step").asText());
        }
      }
      if (run.path("pendingApprovals").size() > 0) {
        during.add("(approval)");
      }
    }
    modelship.kill();
    Instant restartedAt = Instant.now();
    long restarted = modelship.start(START_TIMEOUT);
    double recovery = -1;
    long deadline = restarted + stuckAfter.toNanos();
    boolean stuck = true;
    while (System.nanoTime() < deadline) {
      // The recovery is judged on every poll, also while the build runs and the release has not
      // started yet (a kill in the build's early steps would otherwise count as recovered only once
      // the whole build had ended).
      JsonNode buildRun = api.get("/api/runs/" + build);
      release = release != null ? release : releaseOnceBuilt(buildRun);
      JsonNode releaseRun = release == null ? null : api.get("/api/runs/" + release);
      if (recovery < 0 && !running.isEmpty()) {
        Instant resumedAt = resumedAt(running, build, buildRun, releaseRun);
        if (resumedAt != null) {
          // The step records' own times, not this poll's: a poll of a loaded machine can come
          // seconds after the step began again.
          recovery = Math.max(0, Duration.between(restartedAt, resumedAt).toMillis() / 1e3);
        }
      }
      if (release == null) {
        Thread.sleep(POLL.toMillis());
        continue;
      }
      approveWhenAsked(release);
      if (ended(buildRun) && ended(releaseRun)) {
        stuck = false;
        break;
      }
      Thread.sleep(POLL.toMillis());
    }
    // A release never started (the build never ended) is judged as one that released nothing.
    return result(
        trial,
        wait,
        during,
        recovery,
        build,
        release == null ? "not-started" : release,
        stuck,
        began);
  }

  private TrialResult result(
      int trial,
      Duration wait,
      List<String> during,
      double recovery,
      String build,
      String release,
      boolean stuck,
      Instant began)
      throws IOException, InterruptedException {
    JsonNode buildRun = api.get("/api/runs/" + build);
    JsonNode releaseRun =
        "not-started".equals(release)
            ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
            : api.get("/api/runs/" + release);
    String buildStatus = buildRun.path("build").path("status").asText("none");
    int stagingRows = 0;
    int productionRows = 0;
    String productionOutcome = "none";
    for (JsonNode row : releaseRun.path("releases")) {
      if ("staging".equals(row.path("environment").asText())) {
        stagingRows++;
      } else if ("production".equals(row.path("environment").asText())) {
        productionRows++;
        productionOutcome = row.path("outcome").asText();
      }
    }
    String outcome =
        stuck
            ? "stuck: build " + state(buildRun) + ", release " + state(releaseRun)
            : "build " + buildStatus + ", release " + productionOutcome;
    int pushes =
        registry.manifestPuts().stream()
            .filter(put -> !put.contains("@") && !put.contains(":sha256:"))
            .collect(
                java.util.stream.Collectors.groupingBy(
                    p -> p, java.util.stream.Collectors.counting()))
            .values()
            .stream()
            .mapToInt(Long::intValue)
            .max()
            .orElse(0);
    Map<String, Integer> succeeded = new HashMap<>();
    for (JsonNode run : List.of(buildRun, releaseRun)) {
      for (JsonNode step : run.path("steps")) {
        if ("succeeded".equals(step.path("state").asText())) {
          succeeded.merge(step.path("step").asText(), 1, Integer::sum);
        }
      }
    }
    int perStep = succeeded.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    int buildRows = buildRun.path("build").isObject() ? 1 : 0;
    int stagingDeploys = containersStarted(began, "staging");
    int productionDeploys = containersStarted(began, "production");
    return new TrialResult(
        trial,
        wait.toMillis() / 1000.0,
        during.isEmpty() ? "(between steps)" : String.join(", ", during),
        outcome,
        recovery,
        modelship.lastReadySeconds(),
        pushes,
        stagingDeploys,
        productionDeploys,
        buildRows,
        stagingRows,
        productionRows,
        perStep,
        TrialResult.problems(
            outcome,
            pushes,
            stagingDeploys,
            productionDeploys,
            buildRows,
            stagingRows,
            productionRows,
            perStep));
  }

  private String startBuild(String commitSha) throws IOException, InterruptedException {
    return api.post("/api/builds", Map.of("app", APP, "branch", "main", "commitSha", commitSha))
        .path("runId")
        .asText();
  }

  private void approveWhenAsked(String release) throws InterruptedException {
    try {
      if (api.get("/api/runs/" + release).path("pendingApprovals").size() > 0) {
        api.post(
            "/api/runs/" + release + "/approval",
            Map.of("decision", "approve", "comment", "approved by the crash trials"));
      }
    } catch (IOException e) {
      // Modelship is being killed or is starting: the next poll asks again.
    }
  }

  /**
   * When the last of the steps running at the kill ran again (a later attempt's start, or the end
   * of the killed attempt), from the step records; null while one has not.
   */
  private Instant resumedAt(
      Map<String, Integer> running, String build, JsonNode buildRun, JsonNode releaseRun) {
    Instant last = Instant.MIN;
    for (Map.Entry<String, Integer> entry : running.entrySet()) {
      JsonNode run = entry.getKey().startsWith(build + "/") ? buildRun : releaseRun;
      if (run == null) {
        return null;
      }
      String step = entry.getKey().substring(entry.getKey().indexOf('/') + 1);
      Instant again = null;
      for (JsonNode s : run.path("steps")) {
        if (!s.path("step").asText().equals(step)) {
          continue;
        }
        if (s.path("attempts").asInt() > entry.getValue()) {
          // The record keeps the first attempt's start; the next attempt's log begins with its own.
          again = attemptStarted(run.path("runId").asText(), step, entry.getValue() + 1);
        } else if (!"started".equals(s.path("state").asText())) {
          again = Instant.parse(s.path("finishedAt").asText());
        }
      }
      if (again == null) {
        return null;
      }
      last = again.isAfter(last) ? again : last;
    }
    return last;
  }

  /**
   * When an attempt of a step began: the time on the first line of its log ({@code <time> step
   * <step> of run <run>, attempt <n>}).
   */
  private Instant attemptStarted(String runId, String step, int attempt) {
    try {
      Optional<InputStream> log = stepLogs.read(new StepKey(runId, step, attempt), 0);
      if (log.isEmpty()) {
        return null;
      }
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(log.get(), StandardCharsets.UTF_8))) {
        String first = in.readLine();
        return first == null ? null : Instant.parse(first.substring(0, first.indexOf(' ')));
      }
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean ended(JsonNode run) {
    String state = state(run);
    return state.equals("completed") || state.equals("terminated") || state.equals("canceled");
  }

  private static String state(JsonNode run) {
    String state = run.path("state").asText();
    return run.path("incidents").size() > 0 ? state + " with an incident" : state;
  }

  /**
   * Containers of the app the Docker engine started in the environment since the trial began, from
   * its own event stream: what really ran, whichever attempt started it. (The deploy steps' logs
   * undercount: a kill while the engine starts the container leaves no "Started" line, and the next
   * attempt then finds the container running.) Trials run one after another, so every start in the
   * window is this trial's.
   */
  private int containersStarted(Instant since, String environment) throws InterruptedException {
    AtomicInteger started = new AtomicInteger();
    Instant until = Instant.now();
    ResultCallback.Adapter<Event> callback =
        docker
            .client()
            .eventsCmd()
            .withSince(epochSeconds(since))
            .withUntil(epochSeconds(until))
            .withEventTypeFilter(EventType.CONTAINER)
            .withEventFilter("start")
            .withLabelFilter(
                Map.of("io.modelship.app", APP, "io.modelship.environment", environment))
            .exec(
                new ResultCallback.Adapter<>() {
                  @Override
                  public void onNext(Event event) {
                    started.incrementAndGet();
                  }
                });
    if (!callback.awaitCompletion(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(
          "Expected the Docker engine's events up to "
              + until
              + " within 30 s, but they did not end");
    }
    return started.get();
  }

  private static String epochSeconds(Instant at) {
    return at.getEpochSecond() + "." + String.format("%09d", at.getNano());
  }
}
