package io.modelship.steplog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderStepLogsTest {

  @TempDir Path root;

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

  private FolderStepLogs logs() {
    return new FolderStepLogs(root, SecretMasker.of(List.of("configured-secret-1")), clock);
  }

  @Test
  void shouldMakeEachLineReadableWhileTheLogIsStillOpen() throws IOException {
    // given
    FolderStepLogs logs = logs();
    StepKey key = new StepKey("run-1", "fetch-model", 1);

    // when
    try (StepLog log = logs.open(key)) {
      log.append("first");
      String before = read(logs, key, 0);
      log.append("second");
      String after = read(logs, key, before.getBytes(StandardCharsets.UTF_8).length);

      // then
      assertThat(before).isEqualTo("2026-11-25T10:00:00Z first\n");
      assertThat(after).isEqualTo("2026-11-25T10:00:00Z second\n");
    }
  }

  @Test
  void shouldKeepLoggingAfterAThreadWasInterruptedWhileAppending() throws Exception {
    // given: a library thread (Jib's, cancelled after a failed push) logs while interrupted
    FolderStepLogs logs = logs();
    StepKey key = new StepKey("run-1", "build-image", 1);
    try (StepLog log = logs.open(key)) {
      Thread interrupted =
          new Thread(
              () -> {
                Thread.currentThread().interrupt();
                log.append("from an interrupted thread");
              });
      interrupted.start();
      interrupted.join();

      // when: the step's own thread logs its outcome
      log.append("step failed, worth retrying");
    }

    // then
    assertThat(Files.readString(Path.of(logs.location(key))))
        .contains("from an interrupted thread")
        .contains("step failed, worth retrying");
  }

  @Test
  void shouldMaskSecretsBeforeWriting() throws IOException {
    // given
    FolderStepLogs logs = logs();
    StepKey key = new StepKey("run-1", "run-tests", 1);

    // when
    try (StepLog log = logs.open(key)) {
      log.append("value configured-secret-1 and AccountKey=abcdefgh;");
    }

    // then
    String onDisk = Files.readString(Path.of(logs.location(key)));
    assertThat(onDisk).doesNotContain("configured-secret-1").doesNotContain("abcdefgh");
    assertThat(onDisk).contains("value **** and AccountKey=****;");
  }

  @Test
  void shouldListStepsInTheOrderOfTheirFirstWrite() {
    // given
    FolderStepLogs logs = logs();

    // when
    logs.open(new StepKey("run-2", "fetch-source", 1)).close();
    logs.open(new StepKey("run-2", "fetch-model", 1)).close();
    logs.open(new StepKey("run-2", "fetch-model", 2)).close();
    logs.open(new StepKey("run-2", "fetch-source", 1)).close();
    logs.open(new StepKey("run-3", "other", 1)).close();

    // then
    assertThat(logs.list("run-2"))
        .containsExactly(
            new StepKey("run-2", "fetch-source", 1),
            new StepKey("run-2", "fetch-model", 1),
            new StepKey("run-2", "fetch-model", 2));
    assertThat(logs.list("run-none")).isEmpty();
  }

  @Test
  void shouldReadNothingForAMissingLog() throws IOException {
    assertThat(logs().read(new StepKey("run-9", "x", 1), 0)).isEmpty();
  }

  @Test
  void shouldRefuseToAppendAfterClose() {
    StepLog log = logs().open(new StepKey("run-1", "x", 1));
    log.close();

    assertThatThrownBy(() -> log.append("late"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("but it was closed");
  }

  @Test
  void shouldKeepEachAppendOnOneLine() throws IOException {
    FolderStepLogs logs = logs();
    StepKey key = new StepKey("run-1", "multi", 1);
    try (StepLog log = logs.open(key)) {
      log.append("a\nb\r\nc");
    }

    assertThat(read(logs, key, 0)).isEqualTo("2026-11-25T10:00:00Z a b c\n");
  }

  private static String read(StepLogs logs, StepKey key, long from) throws IOException {
    try (InputStream in = logs.read(key, from).orElseThrow()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
