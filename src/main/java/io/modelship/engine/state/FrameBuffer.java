package io.modelship.engine.state;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One journal record being written: a header (payload length, CRC-32C of the payload), then the
 * payload: the key sequence, and per changed record its table's name (names, not positions, so that
 * a table added later does not change what older journals say), key and JSON (or length -1 for a
 * deletion). Reused from commit to commit, so a commit allocates no buffer.
 */
final class FrameBuffer {

  private static final int HEADER = Integer.BYTES * 2;

  private static final byte[][] NAMES =
      java.util.Arrays.stream(Table.values())
          .map(t -> t.name().getBytes(java.nio.charset.StandardCharsets.US_ASCII))
          .toArray(byte[][]::new);

  private ByteBuffer buffer = ByteBuffer.allocate(64 << 10);

  /** Starts a new record. */
  void start(long lastKey) {
    buffer.clear();
    buffer.position(HEADER);
    buffer.putLong(lastKey);
  }

  /** Adds one changed record; {@code data} null is a deletion. */
  void add(Table table, long key, byte[] data) {
    byte[] name = NAMES[table.ordinal()];
    ensure(1 + name.length + Long.BYTES + Integer.BYTES + (data == null ? 0 : data.length));
    buffer.put((byte) name.length);
    buffer.put(name);
    buffer.putLong(key);
    if (data == null) {
      buffer.putInt(-1);
    } else {
      buffer.putInt(data.length);
      buffer.put(data);
    }
  }

  /** Bytes so far, header included. */
  int size() {
    return buffer.position();
  }

  /** Fills in the header; the answer is ready to write, from its position to its limit. */
  ByteBuffer finish() {
    int end = buffer.position();
    ByteBuffer payload = buffer.duplicate();
    payload.position(HEADER).limit(end);
    buffer.putInt(0, end - HEADER);
    buffer.putInt(Integer.BYTES, crc(payload));
    ByteBuffer ready = buffer.duplicate();
    ready.position(0).limit(end);
    return ready;
  }

  static int crc(ByteBuffer payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload.duplicate());
    return (int) crc.getValue();
  }

  private void ensure(int more) {
    if (buffer.remaining() < more) {
      int capacity = Math.max(buffer.capacity() * 2, buffer.position() + more);
      ByteBuffer bigger = ByteBuffer.allocate(capacity);
      buffer.flip();
      bigger.put(buffer);
      buffer = bigger;
    }
  }
}
