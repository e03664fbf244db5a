package io.modelship.engine.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a journal or a snapshot of {@link JournalStateStore} back into its live records. */
final class JournalReplay {

  private static final Logger LOG = LoggerFactory.getLogger(JournalReplay.class);
  private static final int HEADER = Integer.BYTES * 2;
  private static final int DELETED = -1;
  private static final int MAX_FRAME = 1 << 30;

  private JournalReplay() {}

  /**
   * Applies every record of a snapshot or journal. In the journal, a last record cut short is cut
   * off; anything else damaged is refused.
   */
  static long replay(Path file, boolean tornTailAllowed, Map<Table, TreeMap<Long, byte[]>> records)
      throws IOException {
    long lastKey = 0;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      long position = 0;
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      while (position < size) {
        String damage = null;
        ByteBuffer payload = null;
        long end = position + HEADER;
        if (size - position < HEADER) {
          damage = "a record header cut short";
        } else {
          header.clear();
          readFully(channel, header, position);
          header.flip();
          int length = header.getInt();
          int crc = header.getInt();
          end = position + HEADER + length;
          if (length < 0 || length > MAX_FRAME || end > size) {
            damage = "a record cut short";
          } else {
            payload = ByteBuffer.allocate(length);
            readFully(channel, payload, position + HEADER);
            payload.flip();
            if (FrameBuffer.crc(payload) != crc) {
              damage = "a record whose checksum does not match";
            }
          }
        }
        if (damage != null) {
          boolean last = end >= size;
          if (!tornTailAllowed || !last) {
            throw new IOException(
                "'%s' has %s at byte %d of %d; the store will not open on damaged data"
                    .formatted(file.getFileName(), damage, position, size));
          }
          LOG.warn(
              "Cutting off the last record of '{}' ({} bytes from byte {}): a commit that a crash"
                  + " interrupted, never acknowledged",
              file.getFileName(),
              size - position,
              position);
          try (FileChannel writable = FileChannel.open(file, StandardOpenOption.WRITE)) {
            writable.truncate(position);
            writable.force(true);
          }
          return lastKey;
        }
        lastKey = Math.max(lastKey, applyFrame(file, payload, records));
        position = end;
      }
    }
    return lastKey;
  }

  private static long applyFrame(
      Path file, ByteBuffer payload, Map<Table, TreeMap<Long, byte[]>> records) throws IOException {
    long frameLastKey = payload.getLong();
    while (payload.hasRemaining()) {
      byte[] name = new byte[payload.get()];
      payload.get(name);
      Table table;
      try {
        table = Table.valueOf(new String(name, java.nio.charset.StandardCharsets.US_ASCII));
      } catch (IllegalArgumentException e) {
        throw new IOException(
            "'%s' has records of a table this version does not know: %s"
                .formatted(file.getFileName(), e.getMessage()));
      }
      long key = payload.getLong();
      int length = payload.getInt();
      if (length == DELETED) {
        records.get(table).remove(key);
      } else {
        byte[] data = new byte[length];
        payload.get(data);
        records.get(table).put(key, data);
      }
    }
    return frameLastKey;
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("unexpected end of file at byte " + position);
      }
    }
  }
}
