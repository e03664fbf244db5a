package io.modelship.engine.state;

import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The durable-commit benchmark (run {@code bin/bench-store}; not a test). One engine commit of
 * {@code records} changed records (variables of about 300 bytes of JSON, as a job completion
 * writes), timed from the call to its return, side by side in one run and in turns, so that the
 * machine's noise falls on all three alike:
 *
 * <ul>
 *   <li>{@code fsync}: the disk's floor, an append of the same number of bytes and {@code
 *       fdatasync}, nothing else;
 *   <li>{@code journal}: {@link JournalStateStore}, the engine's store;
 *   <li>{@code h2}: {@link JdbcStateStore}, the store before it (H2, {@code WRITE_DELAY=0}).
 * </ul>
 *
 * Usage: {@code bin/bench-store [commits=2000] [records=4] [folder=target/bench-store]}.
 */
public final class StoreBenchmark {

  private interface Committer extends AutoCloseable {
    void commit(int round) throws IOException;

    @Override
    void close() throws IOException;
  }

  public static void main(String[] args) throws Exception {
    int commits = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int records = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    Path folder = Path.of(args.length > 2 ? args[2] : "target/bench-store");
    deleteRecursively(folder);
    Files.createDirectories(folder);
    String value = "x".repeat(260);
    int frameBytes = frameBytes(records, value);

    List<String> names = List.of("fsync", "journal", "h2");
    JournalStateStore journal = JournalStateStore.open(folder.resolve("journal"));
    JdbcStateStore h2 = JdbcStateStore.open(folder.resolve("h2"));
    FileChannel raw =
        FileChannel.open(
            folder.resolve("raw.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    ByteBuffer bytes = ByteBuffer.allocate(frameBytes);
    List<Committer> committers =
        List.of(
            new Committer() {
              public void commit(int round) throws IOException {
                bytes.clear();
                while (bytes.hasRemaining()) {
                  raw.write(bytes);
                }
                raw.force(false);
              }

              public void close() throws IOException {
                raw.close();
              }
            },
            store(journal, records, value),
            store(h2, records, value));
    Histogram[] histograms = new Histogram[names.size()];
    for (int i = 0; i < histograms.length; i++) {
      histograms[i] = new Histogram(3);
    }
    int warmup = Math.min(200, commits / 5);
    for (int round = 0; round < warmup + commits; round++) {
      for (int turn = 0; turn < committers.size(); turn++) {
        int which = (round + turn) % committers.size();
        long start = System.nanoTime();
        committers.get(which).commit(round);
        long took = System.nanoTime() - start;
        if (round >= warmup) {
          histograms[which].recordValue(took);
        }
      }
    }
    for (Committer committer : committers) {
      committer.close();
    }
    System.out.printf(
        Locale.ROOT,
        "durable commit of %d records (%d bytes), %d commits each, in turns%n",
        records,
        frameBytes,
        commits);
    System.out.printf(Locale.ROOT, "%-8s %10s %10s %10s%n", "", "p50 ms", "p99 ms", "max ms");
    for (int i = 0; i < names.size(); i++) {
      System.out.printf(
          Locale.ROOT,
          "%-8s %10.3f %10.3f %10.3f%n",
          names.get(i),
          histograms[i].getValueAtPercentile(50) / 1e6,
          histograms[i].getValueAtPercentile(99) / 1e6,
          histograms[i].getMaxValue() / 1e6);
    }
    System.out.printf(
        Locale.ROOT,
        "p50 ratios: h2/journal %.1f, journal/fsync %.2f%n",
        (double) histograms[2].getValueAtPercentile(50) / histograms[1].getValueAtPercentile(50),
        (double) histograms[1].getValueAtPercentile(50) / histograms[0].getValueAtPercentile(50));
  }

  private static Committer store(StateStore store, int records, String value) {
    return new Committer() {
      public void commit(int round) {
        Changes changes = new Changes();
        for (int r = 0; r < records; r++) {
          long key = (long) round * records + r;
          changes.put(Table.VARIABLE, new Variable(key, 1, 1, "v" + r, TextNode.valueOf(value)));
        }
        // Half of the rounds also delete an older record, as a completed job does.
        if (round % 2 == 1) {
          changes.delete(Table.VARIABLE, (long) (round - 1) * records);
        }
        store.commit(changes, (long) (round + 1) * records);
      }

      public void close() {
        store.close();
      }
    };
  }

  private static int frameBytes(int records, String value) throws IOException {
    FrameBuffer frame = new FrameBuffer();
    frame.start(0);
    byte[] json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .writeValueAsBytes(new Variable(1, 1, 1, "v0", TextNode.valueOf(value)));
    for (int r = 0; r < records; r++) {
      frame.add(Table.VARIABLE, r, json);
    }
    return frame.size();
  }

  private static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (var paths = Files.walk(folder)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
