package io.modelship.engine.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state store as an append-only journal in the data folder, the way Zeebe and most databases
 * make a commit durable: each commit is one framed record (length, CRC-32C, payload) appended to
 * {@code state-<generation>.journal} and forced to the disk ({@code fdatasync}) before {@link
 * #commit} returns. One append and one sync per commit, against H2's page writes; the writer's
 * batches make that a group commit.
 *
 * <p>The live records are also kept here, as their JSON, so that when the journal has grown past
 * {@code compactAfterBytes} (and twice the last snapshot) they are written as the next generation's
 * snapshot: to a temporary file, forced, renamed, and only then is the old generation deleted. A
 * crash at any point leaves either the old generation whole or the new one.
 *
 * <p>At open, the newest snapshot is read, then its journal. A last record cut short by a crash
 * (its commit never returned, so never acknowledged) is cut off; a damaged record with more after
 * it is corruption, and the store refuses to open rather than drop acknowledged commits. A data
 * folder of the H2 store ({@link JdbcStateStore}) is imported once, and its file kept as {@code
 * engine.mv.db.imported}.
 */
public final class JournalStateStore implements StateStore {

  private static final Logger LOG = LoggerFactory.getLogger(JournalStateStore.class);

  /** Journals past this size are compacted into a snapshot (and past twice the last snapshot). */
  public static final long DEFAULT_COMPACT_AFTER_BYTES = 64L << 20;

  private static final int SNAPSHOT_CHUNK = 1 << 20;

  private final Path directory;
  private final long compactAfterBytes;
  // A record's own components only: what is derived from them (isActive, isProcess, isListener)
  // is not stored. Older journals that hold those too are read alike (unknown properties ignored).
  private final ObjectMapper json =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
          .addModule(new SimpleModule().addDeserializer(String.class, new SharedStrings()))
          .build();
  private final Map<Table, TreeMap<Long, byte[]>> records = new EnumMap<>(Table.class);
  private final FrameBuffer frame = new FrameBuffer();
  private long lastKey;
  private long generation;
  private FileChannel journal;
  private long journalBytes;
  private long snapshotBytes;

  private JournalStateStore(Path directory, long compactAfterBytes) {
    this.directory = directory;
    this.compactAfterBytes = compactAfterBytes;
    for (Table table : Table.values()) {
      records.put(table, new TreeMap<>());
    }
  }

  /** Opens (or creates) the store in {@code dataDirectory}. */
  public static JournalStateStore open(Path dataDirectory) {
    return open(dataDirectory, DEFAULT_COMPACT_AFTER_BYTES);
  }

  /** Opens the store, compacting its journal once it is larger than {@code compactAfterBytes}. */
  public static JournalStateStore open(Path dataDirectory, long compactAfterBytes) {
    JournalStateStore store = new JournalStateStore(dataDirectory, compactAfterBytes);
    try {
      Files.createDirectories(dataDirectory);
      store.recover();
      return store;
    } catch (IOException | UncheckedIOException e) {
      store.close();
      throw new IllegalStateException(
          "Expected to open the engine's journal in '%s', but: %s"
              .formatted(dataDirectory, e.getMessage()),
          e);
    }
  }

  @Override
  public void load(Table table, Consumer<Entity> consumer) {
    // One reader per table: resolving the type for every record was a seventh of a restart.
    ObjectReader reader =
        json.readerFor(table.type()).withAttribute(SharedStrings.SEEN, SharedStrings.table());
    for (byte[] record : records.get(table).values()) {
      try {
        consumer.accept(reader.readValue(record));
      } catch (IOException e) {
        throw new IllegalStateException(
            "Expected to read a record of %s, but: %s".formatted(table, e.getMessage()), e);
      }
    }
  }

  @Override
  public long lastKey() {
    return lastKey;
  }

  @Override
  public void commit(Changes changes, long lastKey) {
    Map<Table, Map<Long, byte[]>> encoded = new EnumMap<>(Table.class);
    frame.start(lastKey);
    try {
      for (Map.Entry<Table, Map<Long, Entity>> table : changes.byTable().entrySet()) {
        Map<Long, byte[]> rows = new TreeMap<>();
        for (Map.Entry<Long, Entity> record : table.getValue().entrySet()) {
          byte[] data =
              record.getValue() == null ? null : json.writeValueAsBytes(record.getValue());
          frame.add(table.getKey(), record.getKey(), data);
          rows.put(record.getKey(), data);
        }
        encoded.put(table.getKey(), rows);
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Expected to encode engine state, but: " + e.getMessage(), e);
    }
    long before = journalBytes;
    try {
      journalBytes += write(journal, frame.finish());
      journal.force(false);
    } catch (IOException e) {
      journalBytes = before;
      cutBack(before);
      throw new IllegalStateException(
          "Expected to append to the engine's journal in '%s', but: %s"
              .formatted(directory, e.getMessage()),
          e);
    }
    apply(encoded, lastKey);
    if (journalBytes > Math.max(compactAfterBytes, 2 * snapshotBytes)) {
      compact();
    }
  }

  /** Bytes in the current generation's journal (for tests and benchmarks). */
  public long journalBytes() {
    return journalBytes;
  }

  /** The current generation: one more with each snapshot. */
  public long generation() {
    return generation;
  }

  /**
   * Writes the live records as the next generation's snapshot and starts its journal. A failure (a
   * full disk) leaves the current generation in use: nothing is lost, and it is tried again after
   * the journal has grown as much again.
   */
  public void compact() {
    long next = generation + 1;
    Path temporary = directory.resolve(snapshotName(next) + ".tmp");
    try {
      long bytes = writeSnapshot(temporary);
      Files.move(temporary, directory.resolve(snapshotName(next)), StandardCopyOption.ATOMIC_MOVE);
      FileChannel nextJournal = openJournal(next);
      syncDirectory();
      FileChannel old = journal;
      long oldGeneration = generation;
      journal = nextJournal;
      generation = next;
      journalBytes = 0;
      snapshotBytes = bytes;
      old.close();
      deleteGeneration(oldGeneration);
    } catch (IOException e) {
      snapshotBytes = Math.max(snapshotBytes, journalBytes);
      LOG.warn(
          "Could not compact the engine's journal in '{}' (it stays in use): {}",
          directory,
          e.getMessage());
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // A stale temporary file is ignored and overwritten at the next compaction.
      }
    }
  }

  @Override
  public void close() {
    if (journal != null) {
      try {
        journal.close();
      } catch (IOException e) {
        // Every commit was forced already.
      }
      journal = null;
    }
  }

  // ---- recovery

  private void recover() throws IOException {
    generation = newestGeneration();
    if (generation == 0) {
      generation = 1;
      importH2();
    } else {
      Path snapshot = directory.resolve(snapshotName(generation));
      if (Files.exists(snapshot)) {
        snapshotBytes = Files.size(snapshot);
        lastKey = Math.max(lastKey, JournalReplay.replay(snapshot, false, records));
      }
      Path current = directory.resolve(journalName(generation));
      if (Files.exists(current)) {
        lastKey = Math.max(lastKey, JournalReplay.replay(current, true, records));
      }
    }
    journal = openJournal(generation);
    journalBytes = journal.size();
    journal.position(journalBytes);
    for (long older = generation - 1; older > 0 && deleteGeneration(older); older--) {
      // Left by a crash between a snapshot's rename and the old generation's removal.
    }
  }

  /** The highest generation with a snapshot or a journal; 0 for a new folder. */
  private long newestGeneration() throws IOException {
    long newest = 0;
    try (var files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.startsWith("state-")
            && (name.endsWith(".snapshot") || name.endsWith(".journal"))) {
          try {
            newest = Math.max(newest, Long.parseLong(name.substring(6, name.lastIndexOf('.'))));
          } catch (NumberFormatException ignored) {
            // Not one of ours.
          }
        }
      }
    }
    return newest;
  }

  private void importH2() throws IOException {
    Path h2 = directory.resolve("engine.mv.db");
    if (!Files.exists(h2)) {
      return;
    }
    try (JdbcStateStore old = JdbcStateStore.open(directory)) {
      for (Table table : Table.values()) {
        old.load(
            table,
            entity -> {
              try {
                records.get(table).put(entity.key(), json.writeValueAsBytes(entity));
              } catch (JsonProcessingException e) {
                throw new IllegalStateException(e.getMessage(), e);
              }
            });
      }
      lastKey = old.lastKey();
    }
    Path temporary = directory.resolve(snapshotName(generation) + ".tmp");
    snapshotBytes = writeSnapshot(temporary);
    Files.move(
        temporary, directory.resolve(snapshotName(generation)), StandardCopyOption.ATOMIC_MOVE);
    syncDirectory();
    Files.move(h2, directory.resolve("engine.mv.db.imported"), StandardCopyOption.ATOMIC_MOVE);
    LOG.info("Imported the engine's H2 store in '{}' into its journal", directory);
  }

  private void apply(Map<Table, Map<Long, byte[]>> encoded, long lastKey) {
    for (Map.Entry<Table, Map<Long, byte[]>> table : encoded.entrySet()) {
      TreeMap<Long, byte[]> live = records.get(table.getKey());
      for (Map.Entry<Long, byte[]> record : table.getValue().entrySet()) {
        if (record.getValue() == null) {
          live.remove(record.getKey());
        } else {
          live.put(record.getKey(), record.getValue());
        }
      }
    }
    this.lastKey = lastKey;
  }

  // ---- files

  /** Writes every live record in frames of about {@link #SNAPSHOT_CHUNK}; returns its size. */
  private long writeSnapshot(Path file) throws IOException {
    FrameBuffer chunk = new FrameBuffer();
    long bytes = 0;
    try (FileChannel out =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      chunk.start(lastKey);
      for (Map.Entry<Table, TreeMap<Long, byte[]>> table : records.entrySet()) {
        for (Map.Entry<Long, byte[]> record : table.getValue().entrySet()) {
          chunk.add(table.getKey(), record.getKey(), record.getValue());
          if (chunk.size() >= SNAPSHOT_CHUNK) {
            bytes += write(out, chunk.finish());
            chunk.start(lastKey);
          }
        }
      }
      bytes += write(out, chunk.finish());
      out.force(true);
    }
    return bytes;
  }

  private FileChannel openJournal(long generation) throws IOException {
    return FileChannel.open(
        directory.resolve(journalName(generation)),
        StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
  }

  /** Deletes a generation's files; false when it had none. */
  private boolean deleteGeneration(long generation) throws IOException {
    boolean snapshot = Files.deleteIfExists(directory.resolve(snapshotName(generation)));
    boolean journal = Files.deleteIfExists(directory.resolve(journalName(generation)));
    return snapshot || journal;
  }

  /** Makes a rename or a new file durable: Linux needs the folder itself forced. */
  private void syncDirectory() {
    try (FileChannel folder = FileChannel.open(directory, StandardOpenOption.READ)) {
      folder.force(true);
    } catch (IOException e) {
      // Not every file system lets a folder be opened; the files themselves are forced.
      LOG.debug("Could not force the folder '{}': {}", directory, e.getMessage());
    }
  }

  /**
   * Takes a partly written record back off the journal after a failed append, if it can. The
   * position moves back first, so that even when the truncation fails nothing is ever appended
   * behind the torn bytes.
   */
  private void cutBack(long size) {
    try {
      journal.position(size);
      journal.truncate(size);
    } catch (IOException e) {
      // Replay cuts off a damaged last record at the next start.
      LOG.debug("Could not cut the journal back to {} bytes: {}", size, e.getMessage());
    }
  }

  private static int write(FileChannel channel, ByteBuffer buffer) throws IOException {
    int bytes = buffer.remaining();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    return bytes;
  }

  private static String snapshotName(long generation) {
    return "state-" + generation + ".snapshot";
  }

  private static String journalName(long generation) {
    return "state-" + generation + ".journal";
  }
}
