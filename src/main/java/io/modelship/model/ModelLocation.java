package io.modelship.model;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a model lives, parsed from its URI and checked before any request is made.
 *
 * <p>The URI kinds: {@code azblob://ACCOUNT/CONTAINER/PATH}, {@code
 * https://ACCOUNT.blob.core.windows.net/CONTAINER/PATH} (also the national clouds' blob hosts),
 * {@code s3://BUCKET/KEY} and {@code file:RELATIVE/PATH}. In every kind the object path is
 * percent-decoded once, strictly as UTF-8, and then refused if it holds an empty, {@code .} or
 * {@code ..} segment, a leading {@code /}, a backslash, a control character, or a {@code %} (a sign
 * of double encoding); an encoded {@code /} is refused before decoding. Query strings, fragments,
 * user info and ports are refused.
 *
 * @param kind which store holds it
 * @param uri the URI as given
 * @param bucket the Azure account name, or the S3 bucket; {@code null} for files
 * @param container the Azure container; {@code null} for S3 and files
 * @param path the decoded blob name, object key, or relative file path
 */
public record ModelLocation(Kind kind, String uri, String bucket, String container, String path) {

  /** The kinds of store. */
  public enum Kind {
    AZURE_BLOB,
    S3,
    FILE
  }

  private static final int MAX_URI_LENGTH = 2048;
  private static final Pattern AZBLOB = Pattern.compile("azblob://([^/?#]*)/([^/?#]*)/([^?#]*)");
  private static final Pattern HTTPS =
      Pattern.compile("https://([^/?#]*)/([^/?#]*)/([^?#]*)", Pattern.CASE_INSENSITIVE);
  private static final Pattern S3 = Pattern.compile("s3://([^/?#]*)/([^?#]*)");
  private static final Pattern FILE = Pattern.compile("file:([^?#]*)");
  private static final Pattern AZURE_HOST =
      Pattern.compile(
          "([a-z0-9]{3,24})\\.blob\\.core\\.(windows\\.net|chinacloudapi\\.cn|usgovcloudapi\\.net)");
  private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
  private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?:-?[a-z0-9]){2,62}");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  /** Parses and checks a model URI; throws {@link InvalidModelUriException} naming the problem. */
  public static ModelLocation parse(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new InvalidModelUriException("Expected a model URI, but it was empty");
    }
    if (uri.length() > MAX_URI_LENGTH) {
      throw invalid(uri, "it is longer than " + MAX_URI_LENGTH + " characters");
    }
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (Character.isISOControl(c) || Character.isWhitespace(c)) {
        throw invalid(uri, "it holds a space or control character");
      }
    }
    if (uri.indexOf('?') >= 0 || uri.indexOf('#') >= 0) {
      throw new InvalidModelUriException(
          "Expected model URI "
              + withoutQuery(uri)
              + " to have no query string or fragment (configure credentials such as a SAS token"
              + " in Modelship's properties), but it has one");
    }
    String scheme =
        uri.contains(":") ? uri.substring(0, uri.indexOf(':')).toLowerCase(Locale.ROOT) : "";
    return switch (scheme) {
      case "azblob" -> azure(uri, AZBLOB.matcher(uri), false);
      case "https" -> azure(uri, HTTPS.matcher(uri), true);
      case "s3" -> s3(uri);
      case "file" -> file(uri);
      default ->
          throw invalid(
              uri, "its scheme is '" + scheme + "', not one of azblob, https, s3 or file");
    };
  }

  private static ModelLocation azure(String uri, Matcher matcher, boolean https) {
    if (!matcher.matches()) {
      throw invalid(
          uri,
          "it does not have the form "
              + (https
                  ? "https://ACCOUNT.blob.core.windows.net/CONTAINER/PATH"
                  : "azblob://ACCOUNT/CONTAINER/PATH"));
    }
    String account = matcher.group(1);
    if (https) {
      Matcher host = AZURE_HOST.matcher(account.toLowerCase(Locale.ROOT));
      if (!host.matches() || !account.equals(account.toLowerCase(Locale.ROOT))) {
        throw invalid(
            uri,
            "its host '"
                + account
                + "' is not ACCOUNT.blob.core.windows.net (or a national cloud's blob host);"
                + " user info and ports are refused too");
      }
      account = host.group(1);
    }
    if (!ACCOUNT.matcher(account).matches()) {
      throw invalid(
          uri, "its account '" + account + "' is not 3 to 24 lowercase letters or digits");
    }
    String container = matcher.group(2);
    if (!CONTAINER.matcher(container).matches()) {
      throw invalid(
          uri,
          "its container '"
              + container
              + "' is not 3 to 63 lowercase letters, digits or single '-' inside");
    }
    return new ModelLocation(
        Kind.AZURE_BLOB, uri, account, container, objectPath(uri, matcher.group(3)));
  }

  private static ModelLocation s3(String uri) {
    Matcher matcher = S3.matcher(uri);
    if (!matcher.matches()) {
      throw invalid(uri, "it does not have the form s3://BUCKET/KEY");
    }
    String bucket = matcher.group(1);
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw invalid(uri, "its bucket '" + bucket + "' is not a valid S3 bucket name");
    }
    return new ModelLocation(Kind.S3, uri, bucket, null, objectPath(uri, matcher.group(2)));
  }

  private static ModelLocation file(String uri) {
    Matcher matcher = FILE.matcher(uri);
    if (!matcher.matches() || matcher.group(1).startsWith("/")) {
      throw invalid(
          uri,
          "it is not file:RELATIVE/PATH (absolute paths such as file:/x or file:///x are refused;"
              + " paths are relative to modelship.models.file.root)");
    }
    return new ModelLocation(Kind.FILE, uri, null, null, objectPath(uri, matcher.group(1)));
  }

  /** Decodes an object path once and refuses every way of leaving its container. */
  static String objectPath(String uri, String raw) {
    if (raw.isEmpty()) {
      throw invalid(uri, "it names no object");
    }
    String lower = raw.toLowerCase(Locale.ROOT);
    if (lower.contains("%2f") || lower.contains("%5c")) {
      throw invalid(uri, "it holds an encoded '/' or '\\'");
    }
    String path = decode(uri, raw);
    if (path.startsWith("/")) {
      throw invalid(uri, "its path is absolute");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\' || c == '%' || Character.isISOControl(c)) {
        throw invalid(
            uri,
            "its decoded path holds a backslash, a '%' (double encoding) or a control character");
      }
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw invalid(uri, "its path has an empty, '.' or '..' segment");
      }
    }
    return path;
  }

  private static String decode(String uri, String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 4);
    for (int i = 0; i < raw.length(); ) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length() || !isHex(raw.charAt(i + 1)) || !isHex(raw.charAt(i + 2))) {
          throw invalid(uri, "it holds a '%' that is not followed by two hex digits");
        }
        bytes.put((byte) HexFormat.fromHexDigits(raw, i + 1, i + 3));
        i += 3;
      } else {
        bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        i++;
      }
    }
    bytes.flip();
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(bytes);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw invalid(uri, "its percent-encoding is not valid UTF-8 (overlong or broken bytes)");
    }
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  private static String withoutQuery(String uri) {
    int cut = uri.length();
    for (char c : new char[] {'?', '#'}) {
      int at = uri.indexOf(c);
      if (at >= 0) {
        cut = Math.min(cut, at);
      }
    }
    return uri.substring(0, cut);
  }

  private static InvalidModelUriException invalid(String uri, String but) {
    return new InvalidModelUriException(
        "Expected a model URI such as azblob://ACCOUNT/CONTAINER/PATH, s3://BUCKET/KEY or"
            + " file:RELATIVE/PATH, but '"
            + withoutQuery(uri)
            + "' is refused: "
            + but);
  }
}
