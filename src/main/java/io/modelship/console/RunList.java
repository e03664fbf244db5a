package io.modelship.console;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.response.ProcessInstance;
import io.modelship.release.Build;
import io.modelship.release.ReleaseLedger;
import io.modelship.release.Run;
import io.modelship.release.Runs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The runs page's rows: the ledger's runs (newest first) joined with the engine's state of each
 * process instance, one request per row through the Camunda client. A state filter is applied to
 * the joined rows, scanning at most {@link #SCAN_LIMIT} of the newest runs.
 */
@Component
class RunList {

  static final int SCAN_LIMIT = 2000;
  private static final int BATCH = 100;

  /** One row; the state is the engine's ({@code active}, {@code incident}, ...) or the build's. */
  record Row(
      String runId,
      String kind,
      String process,
      String app,
      String commit,
      String modelSha,
      String state,
      String duration,
      String startedBy,
      Instant createdAt) {}

  record Page(List<Row> runs, int page, boolean hasNext) {}

  private final Runs runs;
  private final ReleaseLedger ledger;
  private final CamundaClient camunda;
  private final Clock clock;

  RunList(Runs runs, ReleaseLedger ledger, CamundaClient camunda, Clock clock) {
    this.runs = runs;
    this.ledger = ledger;
    this.camunda = camunda;
    this.clock = clock;
  }

  Page page(RunFilter filter) {
    int from = filter.page() * filter.size();
    if (filter.state() == null) {
      List<Run> found = runs.page(filter.app(), filter.kind(), from, filter.size() + 1);
      List<Row> rows = found.stream().limit(filter.size()).map(this::row).toList();
      return new Page(rows, filter.page(), found.size() > filter.size());
    }
    List<Row> matching = new ArrayList<>();
    for (int scanned = 0; scanned < SCAN_LIMIT; scanned += BATCH) {
      List<Run> batch = runs.page(filter.app(), filter.kind(), scanned, BATCH);
      for (Run run : batch) {
        Row row = row(run);
        if (filter.state().equals(row.state())) {
          matching.add(row);
        }
      }
      if (batch.size() < BATCH || matching.size() > from + filter.size()) {
        break;
      }
    }
    List<Row> rows = matching.stream().skip(from).limit(filter.size()).toList();
    return new Page(rows, filter.page(), matching.size() > from + filter.size());
  }

  private Row row(Run run) {
    Optional<Build> build =
        Run.BUILD.equals(run.kind()) ? ledger.findBuild(run.runId()) : Optional.empty();
    String commit = build.map(Build::commitSha).orElse(null);
    String model = build.map(Build::modelSha256).orElse(null);
    if (Run.RELEASE.equals(run.kind())) {
      var releases = ledger.releasesOfRun(run.runId());
      if (!releases.isEmpty()) {
        commit = releases.get(0).gitSha();
        model = releases.get(0).modelSha256();
      }
    }
    ProcessInstance instance = instance(run.processInstanceKey());
    String state = state(instance, build);
    return new Row(
        run.runId(),
        run.kind(),
        RunFilter.processOf(run.kind()),
        run.app(),
        shortSha(commit, 10),
        shortSha(model, 12),
        state,
        duration(instance),
        run.startedBy(),
        run.createdAt());
  }

  private ProcessInstance instance(Long key) {
    if (key == null) {
      return null;
    }
    try {
      return camunda.newProcessInstanceGetRequest(key).send().join();
    } catch (RuntimeException unknownOrUnreachable) {
      // The row still shows the ledger's part; the state reads "unknown".
      return null;
    }
  }

  static String state(ProcessInstance instance, Optional<Build> build) {
    if (instance == null) {
      return "unknown";
    }
    if (Boolean.TRUE.equals(instance.getHasIncident())) {
      return "incident";
    }
    String state = String.valueOf(instance.getState()).toLowerCase();
    if ("completed".equals(state) && build.isPresent()) {
      return build.get().status();
    }
    return state;
  }

  private String duration(ProcessInstance instance) {
    if (instance == null || instance.getStartDate() == null) {
      return null;
    }
    Instant end =
        instance.getEndDate() == null ? clock.instant() : instance.getEndDate().toInstant();
    return format(Duration.between(instance.getStartDate().toInstant(), end));
  }

  static String format(Duration d) {
    long seconds = Math.max(0, d.toSeconds());
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    return seconds / 3600 + " h " + (seconds % 3600) / 60 + " min";
  }

  static String shortSha(String sha, int length) {
    if (sha == null) {
      return null;
    }
    String plain = sha.startsWith("sha256:") ? sha.substring(7) : sha;
    return plain.length() <= length ? plain : plain.substring(0, length);
  }
}
