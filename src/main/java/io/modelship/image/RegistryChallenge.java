package io.modelship.image;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a {@code WWW-Authenticate} challenge such as {@code Bearer realm="...",service="..."}. */
final class RegistryChallenge {

  private static final Pattern PARAMETER =
      Pattern.compile("([A-Za-z][A-Za-z0-9_-]*)=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]*))");

  private RegistryChallenge() {}

  /** The challenge's parameters, e.g. {@code realm}, {@code service}, {@code scope}. */
  static Map<String, String> parameters(String challenge) {
    Map<String, String> parameters = new LinkedHashMap<>();
    int space = challenge.indexOf(' ');
    if (space < 0) {
      return parameters;
    }
    Matcher m = PARAMETER.matcher(challenge.substring(space + 1));
    while (m.find()) {
      String value = m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3);
      parameters.put(m.group(1).toLowerCase(), value);
    }
    return parameters;
  }
}
