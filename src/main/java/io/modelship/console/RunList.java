package io.modelship.console;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.filter.ProcessInstanceFilter;
import io.camunda.client.api.search.response.ProcessInstance;
import io.modelship.release.Build;
import io.modelship.release.Release;
import io.modelship.release.ReleaseLedger;
import io.modelship.release.Run;
import io.modelship.release.Runs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The runs page's rows: the ledger's runs (newest first) joined with the engine's state of each
 * process instance, for a whole page at once: one process-instance search for the page's keys
 * through the Camunda client, one ledger query for the page's builds and one for its releases. A
 * filter on a state the engine alone decides (active, incident, terminated) asks the engine for the
 * instances in that state and the ledger for the page of runs among them; any other state filter (a
 * completed build reads as its build's status) is applied to the joined rows, a batch at a time,
 * scanning at most {@link #SCAN_LIMIT} of the newest runs.
 */
@Component
class RunList {

  private static final Logger LOG = LoggerFactory.getLogger(RunList.class);

  static final int SCAN_LIMIT = 2000;
  private static final int BATCH = 100;
  static final int STATE_LIMIT = 10_000;
  private static final int STATE_PAGE = 1000;

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
      List<Row> rows = rows(found.stream().limit(filter.size()).toList(), null);
      return new Page(rows, filter.page(), found.size() > filter.size());
    }
    Map<Long, ProcessInstance> inState = engineState(filter.state());
    if (inState != null) {
      List<Run> found =
          runs.pageOfInstances(
              inState.keySet(), filter.app(), filter.kind(), from, filter.size() + 1);
      List<Row> rows = rows(found.stream().limit(filter.size()).toList(), inState);
      return new Page(rows, filter.page(), found.size() > filter.size());
    }
    List<Row> matching = new ArrayList<>();
    for (int scanned = 0; scanned < SCAN_LIMIT; scanned += BATCH) {
      List<Run> batch = runs.page(filter.app(), filter.kind(), scanned, BATCH);
      for (Row row : rows(batch, null)) {
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

  /**
   * The engine's instances in a state the engine alone decides ({@code active}, {@code incident},
   * {@code terminated}), by key, from its process-instance search (at most {@link #STATE_LIMIT});
   * null for a state that needs the ledger too (a completed build reads as its build's status).
   */
  private Map<Long, ProcessInstance> engineState(String state) {
    Consumer<ProcessInstanceFilter> filter =
        switch (state) {
          case "active" -> f -> f.state(ProcessInstanceState.ACTIVE).hasIncident(false);
          case "incident" -> f -> f.hasIncident(true);
          case "terminated" -> f -> f.state(ProcessInstanceState.TERMINATED).hasIncident(false);
          default -> null;
        };
    if (filter == null) {
      return null;
    }
    Map<Long, ProcessInstance> found = new HashMap<>();
    try {
      for (int offset = 0; offset < STATE_LIMIT; offset += STATE_PAGE) {
        int start = offset;
        List<ProcessInstance> items =
            camunda
                .newProcessInstanceSearchRequest()
                .filter(filter)
                .page(p -> p.from(start).limit(STATE_PAGE))
                .send()
                .join()
                .items();
        items.forEach(i -> found.put(i.getProcessInstanceKey(), i));
        if (items.size() < STATE_PAGE) {
          break;
        }
      }
    } catch (RuntimeException unreachable) {
      LOG.warn("The engine did not list its {} instances: {}", state, unreachable.getMessage());
    }
    return found;
  }

  /**
   * The rows of these runs: one process-instance search for all their keys (unless given), one
   * ledger query for their builds and one for their releases.
   */
  private List<Row> rows(List<Run> page, Map<Long, ProcessInstance> known) {
    if (page.isEmpty()) {
      return List.of();
    }
    Map<Long, ProcessInstance> instances = known;
    if (instances == null) {
      instances =
          instances(page.stream().map(Run::processInstanceKey).filter(k -> k != null).toList());
    }
    Map<String, Build> builds =
        ledger.buildsOfRuns(
            page.stream().filter(r -> Run.BUILD.equals(r.kind())).map(Run::runId).toList());
    Map<String, Release> releases =
        ledger.firstReleasesOfRuns(
            page.stream().filter(r -> Run.RELEASE.equals(r.kind())).map(Run::runId).toList());
    List<Row> rows = new ArrayList<>(page.size());
    for (Run run : page) {
      ProcessInstance instance =
          run.processInstanceKey() == null ? null : instances.get(run.processInstanceKey());
      rows.add(
          row(
              run,
              Optional.ofNullable(builds.get(run.runId())),
              releases.get(run.runId()),
              instance));
    }
    return rows;
  }

  private Row row(Run run, Optional<Build> build, Release release, ProcessInstance instance) {
    String commit = build.map(Build::commitSha).orElse(null);
    String model = build.map(Build::modelSha256).orElse(null);
    if (release != null) {
      commit = release.gitSha();
      model = release.modelSha256();
    }
    return new Row(
        run.runId(),
        run.kind(),
        RunFilter.processOf(run.kind()),
        run.app(),
        shortSha(commit, 10),
        shortSha(model, 12),
        state(instance, build),
        duration(instance),
        run.startedBy(),
        run.createdAt());
  }

  /** The engine's instances of these keys, in one search; none when it cannot answer. */
  private Map<Long, ProcessInstance> instances(List<Long> keys) {
    Map<Long, ProcessInstance> found = new HashMap<>();
    if (keys.isEmpty()) {
      return found;
    }
    try {
      camunda
          .newProcessInstanceSearchRequest()
          .filter(f -> f.processInstanceKey(k -> k.in(keys)))
          .page(p -> p.limit(keys.size()))
          .send()
          .join()
          .items()
          .forEach(i -> found.put(i.getProcessInstanceKey(), i));
    } catch (RuntimeException unreachable) {
      // The rows still show the ledger's part; their state reads "unknown".
      LOG.warn("The engine did not list the runs' instances: {}", unreachable.getMessage());
    }
    return found;
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
