package io.modelship.console;

import io.modelship.release.Run;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The runs page's query: app, process, state and page, checked so that bad input is a 400 naming
 * the parameter, never a failure further down.
 *
 * @param kind the ledger's run kind for the process, or null for any
 */
record RunFilter(String app, String process, String kind, String state, int page, int size) {

  static final Set<String> STATES =
      Set.of(
          "active",
          "incident",
          "completed",
          "terminated",
          "running",
          "succeeded",
          "failed",
          "rejected",
          "unknown");
  private static final Map<String, String> KINDS =
      Map.of("commit-build", Run.BUILD, "nightly-release", Run.RELEASE);
  private static final Pattern APP = Pattern.compile("[a-z0-9-]{1,40}");

  static RunFilter of(String app, String process, String state, String page, String size) {
    app = blankToNull(app);
    process = blankToNull(process);
    state = blankToNull(state);
    if (app != null && !APP.matcher(app).matches()) {
      throw new IllegalArgumentException(
          "Expected 'app' to match " + APP.pattern() + ", but it was '" + app + "'");
    }
    if (process != null && !KINDS.containsKey(process)) {
      throw new IllegalArgumentException(
          "Expected 'process' to be one of " + KINDS.keySet() + ", but it was '" + process + "'");
    }
    if (state != null && !STATES.contains(state)) {
      throw new IllegalArgumentException(
          "Expected 'state' to be one of "
              + new TreeSet<>(STATES)
              + ", but it was '"
              + state
              + "'");
    }
    int number = number("page", page, 0, 0, 10_000);
    int rows = number("size", size, 20, 1, 100);
    return new RunFilter(
        app, process, process == null ? null : KINDS.get(process), state, number, rows);
  }

  static String processOf(String kind) {
    return Run.BUILD.equals(kind) ? "commit-build" : "nightly-release";
  }

  /** The query string of this filter on another page. */
  String query(int otherPage) {
    StringBuilder query = new StringBuilder("?page=").append(otherPage);
    if (size != 20) {
      query.append("&size=").append(size);
    }
    if (app != null) {
      query.append("&app=").append(app);
    }
    if (process != null) {
      query.append("&process=").append(process);
    }
    if (state != null) {
      query.append("&state=").append(state);
    }
    return query.toString();
  }

  private static int number(String name, String text, int absent, int min, int max) {
    if (text == null || text.isBlank()) {
      return absent;
    }
    try {
      int value = Integer.parseInt(text.strip());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw new IllegalArgumentException(
        "Expected '"
            + name
            + "' to be a number from "
            + min
            + " to "
            + max
            + ", but it was '"
            + text
            + "'");
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
