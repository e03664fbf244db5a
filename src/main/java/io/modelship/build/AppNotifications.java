package io.modelship.build;

import java.util.List;

/**
 * The {@code notifications} section of an app's {@code .modelship.yaml}: the channels that tell the
 * app's team when they are needed. Secrets (webhook URLs, signing keys) are named, never written
 * here: Modelship resolves each name from {@code modelship.notifications.secrets.<NAME>}.
 *
 * @param channels where the notifications go; never null
 */
public record AppNotifications(List<Channel> channels) {

  public AppNotifications {
    channels = channels == null ? List.of() : List.copyOf(channels);
  }

  /** No channel of the app's own. */
  public static final AppNotifications NONE = new AppNotifications(List.of());

  /**
   * One channel.
   *
   * @param type {@code slack}, {@code teams}, {@code webhook} or {@code email}
   * @param secret the name of the secret holding the webhook URL (slack, teams, webhook)
   * @param signingSecret the name of the secret holding the HMAC-SHA256 key (webhook)
   * @param to the e-mail addresses (email)
   * @param events the events this channel is told of (default: every event)
   */
  public record Channel(
      String type, String secret, String signingSecret, List<String> to, List<String> events) {
    public Channel {
      to = to == null ? List.of() : List.copyOf(to);
      events = events == null ? List.of() : List.copyOf(events);
    }
  }
}
