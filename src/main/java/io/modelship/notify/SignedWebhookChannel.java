package io.modelship.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * A generic JSON webhook: the notification as JSON with its delivery id, signed with HMAC-SHA256.
 * The signature covers {@code <timestamp>.<body>}, so a receiver that checks it and refuses old
 * timestamps and delivery ids it has seen cannot be fooled by a replayed request:
 *
 * <pre>
 * X-Modelship-Event: released
 * X-Modelship-Delivery: 9b2c...            (the same on every attempt of one delivery)
 * X-Modelship-Timestamp: 1764926400        (seconds since the epoch, of this attempt)
 * X-Modelship-Signature-256: sha256=HEX(HMAC-SHA256(key, timestamp + "." + body))
 * </pre>
 */
final class SignedWebhookChannel implements NotificationChannel {

  static final String EVENT = "X-Modelship-Event";
  static final String DELIVERY = "X-Modelship-Delivery";
  static final String TIMESTAMP = "X-Modelship-Timestamp";
  static final String SIGNATURE = "X-Modelship-Signature-256";

  private final WebhookPost post;
  private final JsonMapper json;
  private final Clock clock;

  SignedWebhookChannel(WebhookPost post, JsonMapper json, Clock clock) {
    this.post = post;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public String type() {
    return "webhook";
  }

  @Override
  public void deliver(Notification notification, ChannelTarget target, String deliveryId) {
    if (target.signingKey() == null) {
      throw new ChannelNotUsableException(target + ": expected a signingSecret, but it has none");
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("deliveryId", deliveryId);
    payload.put("notification", notification);
    byte[] body = json.writeValueAsBytes(payload);
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(EVENT, notification.event());
    headers.put(DELIVERY, deliveryId);
    headers.put(TIMESTAMP, timestamp);
    headers.put(SIGNATURE, "sha256=" + sign(target.signingKey(), timestamp, body));
    post.post(target, body, headers);
  }

  static String sign(String key, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Expected HmacSHA256 in every JDK, but: " + e, e);
    }
  }
}
