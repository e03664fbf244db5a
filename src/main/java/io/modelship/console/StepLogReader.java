package io.modelship.console;

import io.modelship.release.StepRecord;
import io.modelship.release.StepRecords;
import io.modelship.steplog.StepKey;
import io.modelship.steplog.StepLogs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
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

  /** The log's text (its last {@code MAX_BYTES} when longer) and whether the step still runs. */
  record Log(String step, String text, boolean running) {}

  private final StepLogs logs;
  private final StepRecords steps;

  StepLogReader(StepLogs logs, StepRecords steps) {
    this.logs = logs;
    this.steps = steps;
  }

  Optional<Log> read(String runId, String element) throws IOException {
    Optional<StepRecord> record =
        steps.ofRun(runId).stream()
            .filter(s -> s.step().equals(element) || s.step().startsWith(element + "."))
            .max(
                Comparator.comparing(
                    StepRecord::startedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
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
    return Optional.of(new Log(step.step(), text, StepRecord.STARTED.equals(step.state())));
  }
}
