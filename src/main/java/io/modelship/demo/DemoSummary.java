package io.modelship.demo;

import io.modelship.release.Build;
import io.modelship.release.StepRecord;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The demo's closing summary: each run with its page in the web console, each step with its time
 * and log, the image digest, the model's SHA-256, who approved, where the app runs, and the result.
 * The result says {@code released} only when production passed its smoke tests against something
 * running.
 */
final class DemoSummary {

  /** How the demo ended. */
  enum Result {
    /** Production passed its smoke tests and the ledger recorded the release. */
    RELEASED("released"),
    /** The target was a dry run: manifests rendered, nothing deployed. */
    DRY_RUN("not released (dry run)"),
    /** Anything else: a failed build or release, an incident, a timeout. */
    NOT_RELEASED("not released");

    final String words;

    Result(String words) {
      this.words = words;
    }
  }

  /**
   * One run as the summary shows it.
   *
   * @param ending how it ended, in words (e.g. "image published")
   */
  record RunPart(String process, String runId, String ending, List<StepRecord> steps) {}

  static final String RULE = "=".repeat(78);

  private final List<String> lines = new ArrayList<>();
  private final URI console;

  /**
   * @param console the web console's address, e.g. {@code http://localhost:8080/}
   */
  DemoSummary(URI console) {
    this.console = console;
    lines.add(RULE);
    lines.add("Modelship demo: summary");
    lines.add(RULE);
  }

  void run(RunPart run, Function<StepRecord, String> logLocation) {
    Duration took = span(run.steps());
    lines.add(
        String.format(
            Locale.ROOT,
            "%s, run %s: %s (%s)",
            run.process(),
            run.runId(),
            run.ending(),
            seconds(took)));
    lines.add("  console page: " + runPage(console, run.runId()));
    for (StepRecord step : run.steps()) {
      String state =
          step.state() + (step.attempts() > 1 ? " (" + step.attempts() + " attempts)" : "");
      lines.add(
          String.format(
              Locale.ROOT,
              "  %-32s %-12s %8s  log: %s",
              step.step(),
              state,
              seconds(step.startedAt(), step.finishedAt()),
              logLocation.apply(step)));
      if (step.errorMessage() != null) {
        lines.add(
            "      "
                + (step.errorCode() == null ? "" : step.errorCode() + ": ")
                + step.errorMessage());
      }
    }
  }

  /**
   * The build's image and model; for a failed build the model as {@code fetch-model} found it, if
   * it got that far.
   */
  void build(Build build, Optional<String> fetchedUri, Optional<String> fetchedSha256) {
    if (build.imageDigest() != null) {
      lines.add("image digest     " + build.imageDigest());
      lines.add("image            " + build.image());
    } else {
      lines.add(
          "image            none (the build "
              + (build.failureCode() == null ? "did not finish" : "failed: " + build.failureCode())
              + ")");
    }
    lines.add(
        "model            "
            + Optional.ofNullable(build.modelUri()).or(() -> fetchedUri).orElse("(not fetched)"));
    lines.add(
        "model SHA-256    "
            + Optional.ofNullable(build.modelSha256())
                .or(() -> fetchedSha256)
                .orElse("(not fetched)"));
  }

  /** The run's page in the web console. */
  static URI runPage(URI console, String runId) {
    return console.resolve("/runs/" + runId);
  }

  /**
   * What the demo prints when Modelship keeps serving: the console's address and who signs in. The
   * password is never printed, only the file the demo wrote it to (readable by its owner only).
   */
  static List<String> keepServing(URI console, String user, Path passwordFile) {
    return List.of(
        "Modelship keeps serving (Ctrl-C stops it and the demo's local processes).",
        "Web console: " + console + " (sign in as " + user + ", password in " + passwordFile + ")");
  }

  void line(String label, String value) {
    lines.add(String.format(Locale.ROOT, "%-16s %s", label, value));
  }

  void result(Result result, String detail) {
    lines.add(RULE);
    lines.add(
        "Result: " + result.words + (detail == null || detail.isEmpty() ? "" : ": " + detail));
    lines.add(RULE);
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  private static Duration span(List<StepRecord> steps) {
    Instant first = null;
    Instant last = null;
    for (StepRecord step : steps) {
      if (step.startedAt() != null && (first == null || step.startedAt().isBefore(first))) {
        first = step.startedAt();
      }
      if (step.finishedAt() != null && (last == null || step.finishedAt().isAfter(last))) {
        last = step.finishedAt();
      }
    }
    return first == null || last == null ? Duration.ZERO : Duration.between(first, last);
  }

  static String seconds(Instant from, Instant to) {
    return from == null || to == null ? "-" : seconds(Duration.between(from, to));
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
