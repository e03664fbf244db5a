package io.modelship.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.CamundaClient;
import io.modelship.api.ApiSecurityProperties;
import io.modelship.deploy.AutoDeployer;
import io.modelship.deploy.Deployer;
import io.modelship.release.Build;
import io.modelship.release.ReleaseLedger;
import io.modelship.release.StepRecord;
import io.modelship.release.StepRecords;
import io.modelship.steplog.StepKey;
import io.modelship.steplog.StepLogs;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * The demo itself, once Modelship is ready: makes the sample's repository, starts {@code
 * commit-build} for its commit and then {@code nightly-release} ("release now") through the API,
 * approves as the demo's user, and prints the summary ({@link DemoSummary}). It runs on a thread of
 * its own, so Modelship serves meanwhile; with {@code exit-when-done} it stops Modelship after the
 * summary.
 */
class DemoRun implements ApplicationListener<ApplicationReadyEvent> {

  static final String APPROVAL_COMMENT =
      "Approved automatically by Modelship's demo (bin/run --demo): no person reviewed this release";

  private static final Duration POLL = Duration.ofMillis(500);

  private final DemoProperties demo;
  private final Environment env;
  private final ApiSecurityProperties api;
  private final StepRecords stepRecords;
  private final StepLogs stepLogs;
  private final ReleaseLedger ledger;
  private final ObjectProvider<Deployer> deployers;
  private final CamundaClient camunda;
  private final DemoOutcome outcome;
  private final PrintStream out;
  private final Set<String> printed = new HashSet<>();
  private boolean approved;

  DemoRun(
      DemoProperties demo,
      Environment env,
      ApiSecurityProperties api,
      StepRecords stepRecords,
      StepLogs stepLogs,
      ReleaseLedger ledger,
      ObjectProvider<Deployer> deployers,
      CamundaClient camunda) {
    this.demo = demo;
    this.env = env;
    this.api = api;
    this.stepRecords = stepRecords;
    this.stepLogs = stepLogs;
    this.ledger = ledger;
    this.deployers = deployers;
    this.camunda = camunda;
    this.outcome = new DemoOutcome(stepRecords, ledger, deployers, env);
    this.out = System.out;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    Thread thread =
        new Thread(
            () -> {
              DemoSummary.Result result = runQuietly(event.getApplicationContext());
              if (demo.exitWhenDone()) {
                int code = result == DemoSummary.Result.NOT_RELEASED ? 1 : 0;
                System.exit(SpringApplication.exit(event.getApplicationContext(), () -> code));
              }
              DemoSummary.keepServing(
                      console(),
                      demo.approver(),
                      demo.directory()
                          .toAbsolutePath()
                          .normalize()
                          .resolve(DemoEnvironment.PASSWORD_FILE))
                  .forEach(out::println);
            },
            "modelship-demo");
    thread.start();
  }

  private DemoSummary.Result runQuietly(ConfigurableApplicationContext context) {
    try {
      return run(context);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("The demo was interrupted.");
    } catch (IOException | RuntimeException e) {
      out.println("The demo stopped: " + e.getMessage());
      out.println(
          "Modelship's log: "
              + demo.directory().toAbsolutePath().normalize().resolve("modelship.log"));
    }
    return DemoSummary.Result.NOT_RELEASED;
  }

  private DemoSummary.Result run(ConfigurableApplicationContext context)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(demo.timeout());
    DemoBaseImage base = DemoBaseImage.choose(demo.baseImage(), System.getenv());
    String password =
        api.users().stream()
            .filter(u -> demo.approver().equals(u.name()))
            .map(ApiSecurityProperties.User::password)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Expected the demo's API user "
                            + demo.approver()
                            + ", but modelship.api.users is configured elsewhere and replaces it:"
                            + " run the demo without it"));
    URI apiBase = URI.create("http://127.0.0.1:" + env.getProperty("local.server.port", "8080"));
    DemoPlan.print(out, demo, base, env, apiBase);
    String sha = DemoRepository.create(demo.sample(), demo.repository(), base);
    out.println("Committed the sample as " + sha.substring(0, 12) + " in " + demo.repository());
    DemoApi client = new DemoApi(apiBase, demo.approver(), password);

    // commit-build
    awaitProcesses(deadline);
    String buildRunId =
        client
            .post(
                "/api/builds",
                Map.of("app", DemoProperties.APP, "branch", "main", "commitSha", sha))
            .path("runId")
            .asText();
    out.println("commit-build started: run " + buildRunId);
    JsonNode buildRun = await(client, buildRunId, r -> finished(r), deadline);
    Build build = ledger.findBuild(buildRunId).orElseThrow();
    DemoSummary summary = new DemoSummary(console());
    summary.run(
        new DemoSummary.RunPart(
            "commit-build",
            buildRunId,
            outcome.buildEnding(build, buildRun),
            stepRecords.ofRun(buildRunId)),
        this::logLocation);
    summary.build(
        build,
        outcome.result(buildRunId, "fetch-model", "modelUri"),
        outcome.result(buildRunId, "fetch-model", "modelSha256"));
    if (!build.succeeded()) {
      return finish(summary, DemoSummary.Result.NOT_RELEASED, outcome.buildEnding(build, buildRun));
    }

    // nightly-release, "release now"
    String releaseRunId =
        client.post("/api/releases", Map.of("app", DemoProperties.APP)).path("runId").asText();
    out.println("nightly-release started: run " + releaseRunId);
    JsonNode releaseRun =
        await(
            client,
            releaseRunId,
            r -> {
              if (!approved && r.path("pendingApprovals").size() > 0) {
                if (demo.autoApprove()) {
                  approve(client, releaseRunId);
                } else {
                  approved = true;
                  out.println(
                      "  production waits for approval: approve or reject it on "
                          + console().resolve("runs/" + releaseRunId));
                }
              }
              return finished(r);
            },
            deadline);
    List<StepRecord> steps = stepRecords.ofRun(releaseRunId);
    summary.run(
        new DemoSummary.RunPart(
            "nightly-release",
            releaseRunId,
            outcome.releaseEnding(releaseRunId, releaseRun),
            steps),
        this::logLocation);
    DemoOutcome.Verdict verdict =
        outcome.release(summary, releaseRunId, releaseRun, steps, demo.autoApprove());
    return finish(summary, verdict.result(), verdict.detail());
  }

  private DemoSummary.Result finish(DemoSummary summary, DemoSummary.Result result, String detail) {
    summary.line(
        "logs",
        "step logs as listed; Modelship's own: "
            + demo.directory().toAbsolutePath().normalize().resolve("modelship.log"));
    summary.result(result, detail);
    List<String> lines = summary.lines();
    lines.forEach(out::println);
    try {
      Files.write(demo.directory().resolve("summary.txt"), lines);
    } catch (IOException e) {
      out.println("(could not write summary.txt: " + e.getMessage() + ")");
    }
    return result;
  }

  /**
   * Waits until Modelship has deployed both processes (it does so when it is ready, as this demo
   * starts), so the first start does not find the engine without them.
   */
  private void awaitProcesses(Instant deadline) throws InterruptedException {
    for (String process : List.of("commit-build", "nightly-release")) {
      while (camunda
          .newProcessDefinitionSearchRequest()
          .filter(f -> f.processDefinitionId(process))
          .send()
          .join()
          .items()
          .isEmpty()) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(
              "Expected Modelship to deploy " + process + " when it started, but it has not");
        }
        Thread.sleep(POLL.toMillis());
      }
    }
  }

  private JsonNode await(DemoApi client, String runId, Predicate<JsonNode> done, Instant deadline)
      throws IOException, InterruptedException {
    while (true) {
      JsonNode run = client.get("/api/runs/" + runId);
      printProgress(runId);
      if (done.test(run)) {
        return run;
      }
      if (run.path("incidents").size() > 0) {
        // A run waiting on an incident does not go on by itself: report it as it stands.
        return run;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "Expected run " + runId + " to end within " + demo.timeout() + ", but it still runs");
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static boolean finished(JsonNode run) {
    String state = run.path("state").asText();
    return state.equals("completed") || state.equals("terminated") || state.equals("canceled");
  }

  private void approve(DemoApi client, String runId) {
    try {
      client.post(
          "/api/runs/" + runId + "/approval",
          Map.of("decision", "approve", "comment", APPROVAL_COMMENT));
      approved = true;
      out.println(
          "  approved production as "
              + demo.approver()
              + ": the demo's automatic approval, no person reviewed it");
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while approving", e);
    }
  }

  private void printProgress(String runId) {
    for (StepRecord step : stepRecords.ofRun(runId)) {
      if (StepRecord.STARTED.equals(step.state()) || !printed.add(runId + "/" + step.step())) {
        continue;
      }
      out.printf(
          "  %-32s %-10s %8s%n",
          step.step(), step.state(), DemoSummary.seconds(step.startedAt(), step.finishedAt()));
      if (step.step().startsWith("deploy-") && deployers.getIfAvailable() instanceof AutoDeployer) {
        out.println(
            "      " + outcome.target(step.step().substring(7, step.step().indexOf('.'))).strip());
      }
    }
  }

  /** The web console, on the port Modelship serves. */
  private URI console() {
    return URI.create("http://localhost:" + env.getProperty("local.server.port", "8080") + "/");
  }

  private String logLocation(StepRecord step) {
    return stepLogs.location(new StepKey(step.runId(), step.step(), Math.max(1, step.attempts())));
  }
}
