package io.modelship.console;

import io.modelship.release.StepRecord;
import io.modelship.release.StepRecords;
import io.modelship.steplog.StepKey;
import io.modelship.steplog.StepLogs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A step's log for the run page, as it is now (the page polls while the step runs). A clicked
 * diagram element names the step by its BPMN id; inside the per-app release the step records carry
 * {@code .<app>}, so the newest of those stands in for the element.
 */
@Component
class StepLogReader {

  private static final int MAX_BYTES = 512 * 1024;

  /**
   * The log's text (its last {@code MAX_BYTES} when longer), whether the step still runs, and every
   * step the element stands for (one per app inside the release), so the page can offer the others.
   */
  record Log(String step, String text, boolean running, List<String> steps) {}

  private final StepLogs logs;
  private final StepRecords steps;

  StepLogReader(StepLogs logs, StepRecords steps) {
    this.logs = logs;
    this.steps = steps;
  }

  Optional<Log> read(String runId, String element) throws IOException {
    // BPMN ids and app names hold no dot: what precedes the first one is the element.
    String base = element.contains(".") ? element.substring(0, element.indexOf('.')) : element;
    List<StepRecord> matching =
        steps.ofRun(runId).stream()
            .filter(s -> s.step().equals(base) || s.step().startsWith(base + "."))
            .toList();
    Optional<StepRecord> record =
        matching.stream()
            .filter(s -> s.step().equals(element))
            .findFirst()
            .or(
                () ->
                    matching.stream()
                        .max(
                            Comparator.comparing(
                                StepRecord::startedAt,
                                Comparator.nullsFirst(Comparator.naturalOrder()))));
    if (record.isEmpty()) {
      return Optional.empty();
    }
    StepRecord step = record.get();
    StepKey key = new StepKey(runId, step.step(), step.attempts());
    Optional<InputStream> log = logs.read(key, 0);
    String text = "";
    if (log.isPresent()) {
      try (InputStream in = log.get()) {
        byte[] bytes = in.readAllBytes();
        int from = Math.max(0, bytes.length - MAX_BYTES);
        text = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
      }
    }
    return Optional.of(
        new Log(
            step.step(),
            text,
            StepRecord.STARTED.equals(step.state()),
            matching.stream().map(StepRecord::step).sorted().toList()));
  }
}
