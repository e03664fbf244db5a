package io.modelship.steplog;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.modelship.servers.AzuriteServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AzureBlobStepLogsIT {

  @RegisterExtension static final AzuriteServer AZURITE = new AzuriteServer();

  private AzureBlobStepLogs logs;

  private AzureBlobStepLogs logs(Duration flushInterval) {
    BlobContainerClient container =
        new AzureBlobStepLogsProperties(
                null, AZURITE.connectionString(), null, "step-logs", flushInterval)
            .containerClient();
    logs =
        new AzureBlobStepLogs(
            container,
            SecretMasker.of(List.of(AzuriteServer.ACCOUNT_KEY)),
            Clock.systemUTC(),
            flushInterval);
    return logs;
  }

  @AfterEach
  void closeLogs() {
    logs.close();
  }

  @Test
  void shouldMakeLinesReadableWithinAFlushIntervalWhileTheStepRuns() throws Exception {
    // given
    AzureBlobStepLogs logs = logs(Duration.ofMillis(100));
    StepKey key = new StepKey("run-blob-1", "run-tests", 1);

    try (StepLog log = logs.open(key)) {
      // when
      log.append("collected 3 items");
      String seen = awaitContent(logs, key, "collected 3 items");

      // then: readable before close
      assertThat(seen).endsWith("collected 3 items\n");
      log.append("3 passed");
    }
    assertThat(read(logs, key, 0)).contains("collected 3 items\n").endsWith("3 passed\n");
  }

  @Test
  void shouldMaskTheAccountKeyAndSasSignatures() throws IOException {
    // given
    AzureBlobStepLogs logs = logs(Duration.ofSeconds(5));
    StepKey key = new StepKey("run-blob-2", "fetch-model", 1);

    // when
    try (StepLog log = logs.open(key)) {
      log.append("key " + AzuriteServer.ACCOUNT_KEY);
      log.append("url https://a.blob.core.windows.net/c/b?sv=1&sig=S3cretSig%3D");
    }

    // then
    String content = read(logs, key, 0);
    assertThat(content).doesNotContain(AzuriteServer.ACCOUNT_KEY).doesNotContain("S3cretSig");
    assertThat(content).contains("key ****").contains("sig=****");
  }

  @Test
  void shouldListLogsInCreationOrderAndReadFromAnOffset() throws IOException {
    // given
    AzureBlobStepLogs logs = logs(Duration.ofSeconds(5));
    StepKey first = new StepKey("run-blob-3", "fetch-source", 1);
    StepKey second = new StepKey("run-blob-3", "fetch-model", 1);
    try (StepLog log = logs.open(first)) {
      log.append("abc");
    }
    try (StepLog log = logs.open(second)) {
      log.append("def");
    }

    // when
    List<StepKey> keys = logs.list("run-blob-3");
    String all = read(logs, first, 0);
    String tail = read(logs, first, all.length() - 4);

    // then
    assertThat(keys).containsExactly(first, second);
    assertThat(tail).isEqualTo("abc\n");
    assertThat(read(logs, first, all.length())).isEmpty();
    assertThat(logs.read(new StepKey("run-blob-3", "missing", 1), 0)).isEmpty();
    assertThat(logs.location(first)).endsWith("/step-logs/run-blob-3/fetch-source/1.log");
  }

  private static String awaitContent(StepLogs logs, StepKey key, String expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String content = "";
    while (System.nanoTime() < deadline) {
      content = read(logs, key, 0);
      if (content.contains(expected)) {
        return content;
      }
      Thread.sleep(50);
    }
    return content;
  }

  private static String read(StepLogs logs, StepKey key, long from) throws IOException {
    try (InputStream in = logs.read(key, from).orElseThrow()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
