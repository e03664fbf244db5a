package io.modelship.trigger;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks GitHub's {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC-SHA256 of the raw
 * request body under the webhook's secret, compared in constant time.
 */
public final class SignatureVerifier {

  private static final String PREFIX = "sha256=";

  private SignatureVerifier() {}

  public static boolean verifies(String secret, byte[] body, String signatureHeader) {
    if (secret == null || secret.isEmpty() || signatureHeader == null) {
      return false;
    }
    if (!signatureHeader.startsWith(PREFIX)) {
      return false;
    }
    byte[] presented;
    try {
      presented = HexFormat.of().parseHex(signatureHeader.substring(PREFIX.length()));
    } catch (IllegalArgumentException notHex) {
      return false;
    }
    return MessageDigest.isEqual(hmac(secret, body), presented);
  }

  /** The header value GitHub would send for this body. */
  public static String sign(String secret, byte[] body) {
    return PREFIX + HexFormat.of().formatHex(hmac(secret, body));
  }

  /** Compares two secrets in constant time (for their length's sake, by their SHA-256). */
  public static boolean sameSecret(String expected, String presented) {
    if (expected == null || expected.isEmpty() || presented == null) {
      return false;
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] a = sha.digest(expected.getBytes(StandardCharsets.UTF_8));
      byte[] b = sha.digest(presented.getBytes(StandardCharsets.UTF_8));
      return MessageDigest.isEqual(a, b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Expected the JDK to have SHA-256", e);
    }
  }

  private static byte[] hmac(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("Expected the JDK to have HmacSHA256", e);
    }
  }
}
