package io.modelship.model;

import io.modelship.step.TransientStepException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Downloads an object as consecutive ranges, several at once, each streamed straight to its place
 * in the file, and computes the SHA-256 while it goes: as soon as the ranges before it are
 * complete, a range is read back (from the page cache) into the digest. So hashing overlaps the
 * transfer instead of following it, and nothing larger than a copy buffer is held in memory.
 *
 * <p>The ranged GETs themselves are the SDK's calls, with its authentication and per-request
 * retries, pinned to one version of the object by the adapter.
 */
final class RangedDownload implements AutoCloseable {

  /** One ranged GET: streams bytes {@code [offset, offset + length)} of the object into out. */
  @FunctionalInterface
  interface RangeReader {
    void read(long offset, long length, OutputStream out);
  }

  private static final int HASH_BUFFER = 1 << 20;
  private static final int WRITE_BUFFER = 256 * 1024;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final long blockSize;
  private final ExecutorService executor;

  RangedDownload(long blockSize, int concurrency) {
    if (blockSize < 1 || concurrency < 1) {
      throw new IllegalArgumentException(
          "Expected a block size and a concurrency of at least 1, but got "
              + blockSize
              + " and "
              + concurrency);
    }
    this.blockSize = blockSize;
    int pool = POOLS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            concurrency,
            runnable -> {
              Thread thread =
                  new Thread(runnable, "model-range-" + pool + "-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Downloads {@code size} bytes into {@code target} (which must not exist); returns the hex
   * SHA-256.
   */
  String download(Path target, long size, RangeReader reader) {
    try (FileChannel channel =
        FileChannel.open(
            target,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            StandardOpenOption.READ)) {
      List<Future<?>> ranges = new ArrayList<>();
      for (long offset = 0; offset < size; offset += blockSize) {
        long start = offset;
        long length = Math.min(blockSize, size - offset);
        ranges.add(executor.submit(() -> readRange(target, channel, start, length, reader)));
      }
      MessageDigest digest = ModelCache.newDigest();
      ByteBuffer buffer = ByteBuffer.allocate(HASH_BUFFER);
      try {
        for (int i = 0; i < ranges.size(); i++) {
          await(ranges.get(i));
          long start = i * blockSize;
          hash(channel, digest, buffer, start, Math.min(blockSize, size - start));
        }
      } finally {
        ranges.forEach(range -> range.cancel(true));
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Expected to write the model to " + target + ", but failed", e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  private static void readRange(
      Path target, FileChannel channel, long offset, long length, RangeReader reader) {
    PositionalOutputStream out = new PositionalOutputStream(target, channel, offset);
    // SDKs hand over small chunks; gathering them makes a range a few hundred writes.
    BufferedOutputStream buffered = new BufferedOutputStream(out, WRITE_BUFFER);
    reader.read(offset, length, buffered);
    try {
      buffered.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (out.written() != length) {
      throw new TransientStepException(
          "Expected "
              + length
              + " bytes at offset "
              + offset
              + ", but received "
              + out.written()
              + "; the object may have changed during the fetch");
    }
  }

  private static void await(Future<?> range) {
    try {
      range.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while fetching the model", e);
    } catch (CancellationException e) {
      throw new IllegalStateException("A range download was cancelled", e);
    }
  }

  private static void hash(
      FileChannel channel, MessageDigest digest, ByteBuffer buffer, long start, long length)
      throws IOException {
    long position = start;
    long end = start + length;
    while (position < end) {
      buffer.clear();
      buffer.limit((int) Math.min(buffer.capacity(), end - position));
      int n = channel.read(buffer, position);
      if (n < 0) {
        throw new IOException("Expected bytes up to " + end + ", but the file ends at " + position);
      }
      buffer.flip();
      digest.update(buffer);
      position += n;
    }
  }

  /** Writes a stream into a file channel from a position on, without moving the channel. */
  /**
   * Writes a range at its place in the file. A failed write (a full disk) is the cache's failure,
   * not the store's: it throws a {@link TransientStepException} naming the cache's folder and the
   * disk's error, which no store adapter takes for a network error.
   */
  private static final class PositionalOutputStream extends OutputStream {
    private final Path target;
    private final FileChannel channel;
    private final long start;
    private long position;

    PositionalOutputStream(Path target, FileChannel channel, long start) {
      this.target = target;
      this.channel = channel;
      this.start = start;
      this.position = start;
    }

    long written() {
      return position - start;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      ByteBuffer source = ByteBuffer.wrap(bytes, offset, length);
      try {
        while (source.hasRemaining()) {
          position += channel.write(source, position);
        }
      } catch (IOException e) {
        throw ModelCache.writeFailed(target.getParent(), e);
      }
    }
  }
}
