package io.modelship.pipeline;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Mints run ids: the UTC time the run started, sortable, and six random characters, e.g. {@code
 * 20261125-020000-k3f9q2}. Safe in URLs, file names and step log keys.
 */
public final class RunIds {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  private RunIds() {}

  public static String mint(Clock clock) {
    StringBuilder id = new StringBuilder(TIME.format(clock.instant())).append('-');
    for (int i = 0; i < 6; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }
}
