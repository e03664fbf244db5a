package io.modelship.steplog;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Step logs as files: {@code ROOT/RUN_ID/STEP/ATTEMPT.log}. Each line is written with one append as
 * soon as it comes, so a reader sees it at once. {@code ROOT/RUN_ID/steps} records each log's key
 * at its first open, which gives {@link #list(String)} its order.
 */
public final class FolderStepLogs implements StepLogs {

  static final String ORDER_FILE = "steps";

  private final Path root;
  private final SecretMasker masker;
  private final Clock clock;

  public FolderStepLogs(Path root, SecretMasker masker, Clock clock) {
    this.root = root.toAbsolutePath().normalize();
    this.masker = masker;
    this.clock = clock;
  }

  @Override
  public StepLog open(StepKey key) {
    Path file = file(key);
    try {
      Files.createDirectories(file.getParent());
      recordOrder(key);
      // A stream, not a FileChannel: a channel is closed for good when a thread writing to it is
      // interrupted, and the threads a step's library logs from get interrupted (Jib cancels its
      // pool when a push fails), which would leave the step unable to log its own outcome.
      FileOutputStream out = new FileOutputStream(file.toFile(), true);
      return new LineLog(masker, clock, out::write, out::close, file);
    } catch (IOException e) {
      throw new UncheckedIOException("Expected to open the step log " + file + ", but failed", e);
    }
  }

  @Override
  public Optional<InputStream> read(StepKey key, long fromByte) throws IOException {
    try {
      FileChannel channel = FileChannel.open(file(key), StandardOpenOption.READ);
      channel.position(Math.max(0, fromByte));
      return Optional.of(Channels.newInputStream(channel));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<StepKey> list(String runId) {
    // Validates runId the same way as a key does, so it cannot name a folder outside the root.
    new StepKey(runId, "list", 1);
    Path order = root.resolve(runId).resolve(ORDER_FILE);
    if (!Files.exists(order)) {
      return List.of();
    }
    try {
      Set<StepKey> keys = new LinkedHashSet<>();
      for (String line : Files.readAllLines(order, StandardCharsets.UTF_8)) {
        String[] parts = line.strip().split(" ");
        if (parts.length == 2) {
          keys.add(new StepKey(runId, parts[0], Integer.parseInt(parts[1])));
        }
      }
      return new ArrayList<>(keys);
    } catch (IOException e) {
      throw new UncheckedIOException("Expected to read " + order + ", but failed", e);
    }
  }

  @Override
  public String location(StepKey key) {
    return file(key).toString();
  }

  private Path file(StepKey key) {
    return root.resolve(key.runId()).resolve(key.step()).resolve(key.attempt() + ".log");
  }

  private void recordOrder(StepKey key) throws IOException {
    Path order = root.resolve(key.runId()).resolve(ORDER_FILE);
    synchronized (this) {
      if (Files.exists(file(key))) {
        return;
      }
      Files.writeString(
          order,
          key.step() + " " + key.attempt() + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
    }
  }
}
