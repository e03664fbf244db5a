package io.modelship.api;

import io.modelship.release.StepRecord;
import io.modelship.release.StepRecords;
import io.modelship.steplog.StepKey;
import io.modelship.steplog.StepLogs;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Streams a step's log as plain text; while the step still runs, the answer follows the log as it
 * grows (like {@code tail -f}) and ends when the step ends.
 */
@RestController
class StepLogController {

  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration MAX_FOLLOW = Duration.ofHours(2);

  private final StepLogs logs;
  private final StepRecords steps;

  StepLogController(StepLogs logs, StepRecords steps) {
    this.logs = logs;
    this.steps = steps;
  }

  @Operation(summary = "A step's log, followed live while the step runs")
  @GetMapping(path = "/api/runs/{runId}/steps/{step}/log", produces = MediaType.TEXT_PLAIN_VALUE)
  ResponseEntity<StreamingResponseBody> log(
      @PathVariable String runId,
      @PathVariable String step,
      @RequestParam(required = false) Integer attempt) {
    Optional<StepRecord> record = steps.find(runId, step);
    int wanted = attempt != null ? attempt : record.map(StepRecord::attempts).orElse(1);
    StepKey key = new StepKey(runId, step, wanted);
    boolean exists;
    try (InputStream probe = logs.read(key, 0).orElse(null)) {
      exists = probe != null;
    } catch (IOException e) {
      throw new IllegalStateException("Expected to read the log of " + key + ", but: " + e, e);
    }
    if (!exists && record.isEmpty()) {
      throw ApiProblem.notFound(
          "Expected a log for step '" + step + "' of run '" + runId + "', but there is none");
    }
    StreamingResponseBody body = out -> follow(key, out);
    return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(body);
  }

  private void follow(StepKey key, OutputStream out) throws IOException {
    long offset = 0;
    long deadline = System.nanoTime() + MAX_FOLLOW.toNanos();
    while (true) {
      // Read whether the step ended before reading the log, so the last lines are never missed.
      boolean ended =
          steps
              .find(key.runId(), key.step())
              .map(s -> !StepRecord.STARTED.equals(s.state()) || s.attempts() != key.attempt())
              .orElse(true);
      Optional<InputStream> chunk = logs.read(key, offset);
      if (chunk.isPresent()) {
        try (InputStream in = chunk.get()) {
          offset += in.transferTo(out);
        }
        out.flush();
      }
      if (ended || System.nanoTime() > deadline) {
        return;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
