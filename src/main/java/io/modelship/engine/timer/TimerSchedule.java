package io.modelship.engine.timer;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a timer is due, from the text of a BPMN timer: an ISO-8601 date-time, an ISO-8601 duration,
 * a repeating interval {@code R[n]/[start/]duration}, or (for cycles) a cron expression of six
 * fields, seconds first, as Zeebe reads them.
 *
 * @param repetitions for cycles: how many times it fires in all; -1 for unbounded, 1 otherwise
 */
public record TimerSchedule(long firstDueMillis, int repetitions, String cycle) {

  /** A fixed date-time; a local one is read as UTC. */
  public static TimerSchedule date(String text) {
    return new TimerSchedule(parseDate(text).toEpochMilli(), 1, null);
  }

  public static TimerSchedule duration(String text, long nowMillis) {
    return new TimerSchedule(plus(nowMillis, text.strip()), 1, null);
  }

  public static TimerSchedule cycle(String text, long nowMillis) {
    String cycle = text.strip();
    if (!cycle.startsWith("R")) {
      return new TimerSchedule(nextCron(cycle, nowMillis), -1, cycle);
    }
    String[] parts = cycle.split("/");
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "Expected a repeating interval like 'R5/PT10S', but found '%s'".formatted(text));
    }
    int repetitions = parts[0].length() == 1 ? -1 : Integer.parseInt(parts[0].substring(1));
    String interval = parts[parts.length - 1];
    long first = parts.length == 3 ? parseDate(parts[1]).toEpochMilli() : plus(nowMillis, interval);
    return new TimerSchedule(first, repetitions, interval);
  }

  /** The due date after {@code previousDueMillis} of a cycle (interval or cron). */
  public static long next(String cycle, long previousDueMillis) {
    return cycle.startsWith("P")
        ? plus(previousDueMillis, cycle)
        : nextCron(cycle, previousDueMillis);
  }

  private static long nextCron(String cron, long afterMillis) {
    try {
      ZonedDateTime next =
          CronExpression.parse(cron)
              .next(ZonedDateTime.ofInstant(Instant.ofEpochMilli(afterMillis), ZoneOffset.UTC));
      if (next == null) {
        throw new IllegalArgumentException(
            "Expected cron expression '%s' to fire again, but it never does".formatted(cron));
      }
      return next.toInstant().toEpochMilli();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Expected a timer cycle (R/... or a 6-field cron), but '%s' is neither: %s"
              .formatted(cron, e.getMessage()));
    }
  }

  private static Instant parseDate(String text) {
    try {
      return ZonedDateTime.parse(text.strip()).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(text.strip()).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException again) {
        throw new IllegalArgumentException(
            "Expected an ISO-8601 date-time, but found '%s'".formatted(text));
      }
    }
  }

  /** Adds an ISO-8601 duration with date part (P1Y2M3D) and/or time part (T4H5M6S). */
  private static long plus(long millis, String iso) {
    try {
      ZonedDateTime at = ZonedDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
      int t = iso.indexOf('T');
      String datePart = t < 0 ? iso : iso.substring(0, t);
      if (datePart.length() > 1) {
        at = at.plus(Period.parse(datePart));
      }
      if (t >= 0) {
        at = at.plus(Duration.parse("P" + iso.substring(t)));
      }
      return at.toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "Expected an ISO-8601 duration like 'PT10S', but found '%s'".formatted(iso));
    }
  }
}
