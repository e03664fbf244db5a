package io.modelship.engine.timer;

import java.time.Instant;

/**
 * The one clock every deadline reads: timers, job time-outs, retry back-offs, message TTLs and
 * FEEL's {@code now()}. It follows the system clock until pinned; a pinned clock stands still until
 * it is pinned again or reset. Changes go through the writer, which then fires whatever became due.
 */
public final class EngineClock {

  private volatile long pinnedMillis = -1;

  public long millis() {
    long pinned = pinnedMillis;
    return pinned >= 0 ? pinned : System.currentTimeMillis();
  }

  public Instant now() {
    return Instant.ofEpochMilli(millis());
  }

  public boolean isPinned() {
    return pinnedMillis >= 0;
  }

  public void pin(long epochMillis) {
    pinnedMillis = epochMillis;
  }

  public void reset() {
    pinnedMillis = -1;
  }
}
