package io.modelship.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelship.servers.HttpCountingProxy;
import io.modelship.steplog.StepLog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Deterministic test models and a step log that keeps its lines in memory. */
final class TestModels {

  private TestModels() {}

  /** {@code size} pseudo-random bytes from {@code seed}. */
  static byte[] bytes(long seed, int size) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** Writes {@code size} pseudo-random bytes to a file, streaming; returns their SHA-256. */
  static String writeFile(Path file, long seed, long size) throws IOException {
    MessageDigest digest = ModelCache.newDigest();
    Random random = new Random(seed);
    byte[] buffer = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; ) {
        random.nextBytes(buffer);
        int n = (int) Math.min(buffer.length, left);
        out.write(buffer, 0, n);
        digest.update(buffer, 0, n);
        left -= n;
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(ModelCache.newDigest().digest(bytes));
  }

  /**
   * Asserts that fetching an unchanged model again moved no model bytes: one HEAD at the proxy,
   * nothing in any body, and the cached file handed out again.
   */
  static void assertOnlyAHeadMoved(
      HttpCountingProxy proxy, FetchedModel first, FetchedModel again) {
    assertThat(proxy.exchanges())
        .extracting(HttpCountingProxy.Exchange::method)
        .containsExactly("HEAD");
    assertThat(proxy.exchanges().stream().mapToLong(e -> e.responseBodyBytes()).sum()).isZero();
    assertThat(again.file()).isEqualTo(first.file());
    assertThat(again.bytesTransferred()).isZero();
  }

  /** A step log for tests: lines in memory. */
  static final class Lines implements StepLog {
    final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void append(String line) {
      lines.add(line);
    }
  }
}
