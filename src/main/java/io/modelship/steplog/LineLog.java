package io.modelship.steplog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A {@link StepLog} that masks each line, stamps it with the time, and hands it to a sink as one
 * write. Thread-safe: stdout and stderr of a test command append from two threads.
 */
final class LineLog implements StepLog {

  /** Where the bytes of one line go. */
  interface Sink {
    void write(byte[] line) throws IOException;
  }

  /** What closing releases. */
  interface Closer {
    void close() throws IOException;
  }

  private final SecretMasker masker;
  private final Clock clock;
  private final Sink sink;
  private final Closer closer;
  private final Object where;
  private boolean closed;

  LineLog(SecretMasker masker, Clock clock, Sink sink, Closer closer, Object where) {
    this.masker = masker;
    this.clock = clock;
    this.sink = sink;
    this.closer = closer;
    this.where = where;
  }

  @Override
  public synchronized void append(String line) {
    if (closed) {
      throw new IllegalStateException(
          "Expected the step log " + where + " to be open, but it was closed");
    }
    String text =
        Instant.now(clock).truncatedTo(ChronoUnit.MILLIS)
            + " "
            + masker.mask(line == null ? "" : line.replace("\r", "").replace("\n", " "))
            + "\n";
    try {
      sink.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Expected to write to the step log " + where + ", but failed", e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      closer.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Expected to close the step log " + where + ", but failed", e);
    }
  }
}
