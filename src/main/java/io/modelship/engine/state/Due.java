package io.modelship.engine.state;

import java.util.Comparator;

/** A deadline of one record, ordered by time, then key. */
public record Due(long millis, long key) {

  public static final Comparator<Due> ORDER =
      Comparator.comparingLong(Due::millis).thenComparingLong(Due::key);
}
