package io.modelship.steplog;

import com.azure.storage.blob.specialized.AppendBlobClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Gathers the lines of one step log and appends them to its blob as one block per flush. */
final class AppendBlobSink {

  private static final Logger LOG = LoggerFactory.getLogger(AppendBlobSink.class);

  /** Flush early past this size; well below the service's limit for one block. */
  static final int FLUSH_BYTES = 1 << 20;

  private final AppendBlobClient blob;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  AppendBlobSink(AppendBlobClient blob) {
    this.blob = blob;
  }

  synchronized void write(byte[] line) {
    buffer.writeBytes(line);
    if (buffer.size() >= FLUSH_BYTES) {
      flush();
    }
  }

  /** Appends what has gathered; on failure the bytes stay for the next flush. */
  synchronized void flush() {
    if (buffer.size() == 0) {
      return;
    }
    byte[] bytes = buffer.toByteArray();
    blob.appendBlock(new ByteArrayInputStream(bytes), bytes.length);
    buffer.reset();
  }

  void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      // The next flush retries; the message names the failure's type only, never a URL with a SAS.
      LOG.warn(
          "Expected to append to the step log {}, but it failed ({}); will retry",
          blob.getBlobName(),
          e.getClass().getSimpleName());
    }
  }
}
