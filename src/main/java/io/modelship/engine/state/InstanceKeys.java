package io.modelship.engine.state;

import java.util.Arrays;
import java.util.LinkedHashSet;

/**
 * The keys of one process instance's records in one table, in the order they were added, each once.
 * Most instances have a few records per table, and finished instances are kept by the hundred
 * thousand, so a few keys are a plain array of longs (no boxing, no hash table per instance); past
 * {@link #SMALL} keys (a large multi-instance, say) they move to a set, so that removing stays
 * cheap.
 */
final class InstanceKeys {

  static final int SMALL = 16;

  private long[] keys = new long[2];
  private int size;
  private LinkedHashSet<Long> large;

  void add(long key) {
    if (large != null) {
      large.add(key);
      return;
    }
    if (indexOf(key) >= 0) {
      return;
    }
    if (size == SMALL) {
      large = new LinkedHashSet<>();
      for (int i = 0; i < size; i++) {
        large.add(keys[i]);
      }
      large.add(key);
      keys = null;
      size = 0;
      return;
    }
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
    }
    keys[size++] = key;
  }

  void remove(long key) {
    if (large != null) {
      large.remove(key);
      return;
    }
    int at = indexOf(key);
    if (at >= 0) {
      System.arraycopy(keys, at + 1, keys, at, size - at - 1);
      size--;
    }
  }

  boolean isEmpty() {
    return large != null ? large.isEmpty() : size == 0;
  }

  /** The keys in the order they were added; a copy, so the caller may remove while it goes. */
  long[] toArray() {
    if (large != null) {
      return large.stream().mapToLong(Long::longValue).toArray();
    }
    return Arrays.copyOf(keys, size);
  }

  private int indexOf(long key) {
    for (int i = 0; i < size; i++) {
      if (keys[i] == key) {
        return i;
      }
    }
    return -1;
  }
}
