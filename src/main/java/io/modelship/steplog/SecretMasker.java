package io.modelship.steplog;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets in text with {@value #MASK} before it is written anywhere: every configured
 * secret value (also URL-encoded), and whatever looks like a secret by its shape: storage account
 * keys, SAS signatures, bearer and basic credentials, passwords in URLs, AWS secret keys, GitHub
 * tokens, JWTs, and {@code password=...}-style pairs. Immutable and thread-safe.
 */
public final class SecretMasker {

  public static final String MASK = "****";

  /** Configured values shorter than this are not masked: they would blank out ordinary words. */
  public static final int MIN_SECRET_LENGTH = 6;

  private static final String B64 = "A-Za-z0-9+/";

  /** Patterns whose group 1, when present, is kept and the rest of the match masked. */
  private static final List<Pattern> KEEP_PREFIX =
      List.of(
          // Connection strings and SAS: AccountKey=..., SharedAccessSignature=..., sig=...
          Pattern.compile("(?i)(AccountKey=|SharedAccessKey=|SharedAccessSignature=)[^;\\s\"']+"),
          Pattern.compile("(?i)([?&;\\s\"']sig=|^sig=)[^&;\\s\"']+"),
          // S3 presigned URLs
          Pattern.compile(
              "(?i)(X-Amz-Signature=|X-Amz-Security-Token=|X-Amz-Credential=)[^&\\s\"']+"),
          // Authorization headers
          Pattern.compile("(?i)(\\bbearer\\s+)[A-Za-z0-9._~+/=-]+"),
          Pattern.compile("(?i)(\\bbasic\\s+)[A-Za-z0-9+/=]{8,}"),
          Pattern.compile("(?i)(\\bSharedKey\\s+[^:\\s]+:)[A-Za-z0-9+/=]+"),
          // user:password@ and token@ in URLs
          Pattern.compile("(\\b[A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]*:)[^@\\s/]+(?=@)"),
          Pattern.compile("(\\bhttps?://)[A-Za-z0-9_-]{20,}(?=@)"),
          // AWS secret keys in key-value form
          Pattern.compile(
              "(?i)((?:aws_?)?secret_?access_?key\\s*[\"']?\\s*[=:]\\s*[\"']?)[" + B64 + "=]{20,}"),
          // password=..., token: ..., api_key=...
          Pattern.compile(
              "(?i)(\\b(?:password|passwd|pwd|secret|client_secret|token|access_token|api[_-]?key)"
                  + "\\s*[\"']?\\s*[=:]\\s*[\"']?)(?!\\*{4})[^\\s\"'&;,]{4,}"));

  /** Patterns masked whole. */
  private static final List<Pattern> WHOLE =
      List.of(
          Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{30,}\\b"),
          Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"),
          // A storage account key is 64 random bytes: 86 base64 characters and "=="
          Pattern.compile("(?<![" + B64 + "])[" + B64 + "]{86}==(?![" + B64 + "=])"));

  /** A bare 40-character AWS secret access key; only masked when it mixes cases and digits. */
  private static final Pattern AWS_SECRET =
      Pattern.compile("(?<![" + B64 + "=])[" + B64 + "]{40}(?![" + B64 + "=])");

  private final List<String> values;

  private SecretMasker(List<String> values) {
    this.values = values;
  }

  /** A masker that masks the given values and the built-in patterns. */
  public static SecretMasker of(Collection<String> secretValues) {
    Set<String> all = new LinkedHashSet<>();
    for (String value : secretValues) {
      if (value == null || value.strip().length() < MIN_SECRET_LENGTH) {
        continue;
      }
      all.add(value);
      all.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
    List<String> sorted = new ArrayList<>(all);
    // Longest first, so that a secret containing another is masked whole.
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return new SecretMasker(List.copyOf(sorted));
  }

  /** A masker that masks only the built-in patterns. */
  public static SecretMasker patternsOnly() {
    return of(List.of());
  }

  /** This masker plus more values. */
  public SecretMasker with(Collection<String> moreValues) {
    List<String> all = new ArrayList<>(values);
    all.addAll(moreValues);
    return of(all);
  }

  /** The text with every secret replaced by {@value #MASK}; {@code null} stays {@code null}. */
  public String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String masked = text;
    for (String value : values) {
      masked = masked.replace(value, MASK);
    }
    for (Pattern pattern : KEEP_PREFIX) {
      masked = pattern.matcher(masked).replaceAll(r -> Matcher.quoteReplacement(r.group(1) + MASK));
    }
    for (Pattern pattern : WHOLE) {
      masked = pattern.matcher(masked).replaceAll(MASK);
    }
    return AWS_SECRET
        .matcher(masked)
        .replaceAll(r -> looksRandom(r.group()) ? MASK : Matcher.quoteReplacement(r.group()));
  }

  private static boolean looksRandom(String candidate) {
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      upper |= Character.isUpperCase(c);
      lower |= Character.isLowerCase(c);
      digit |= Character.isDigit(c);
    }
    return upper && lower && digit;
  }
}
