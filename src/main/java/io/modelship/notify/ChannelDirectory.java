package io.modelship.notify;

import io.modelship.build.AppNotifications;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Which channels hear of an event, and how a channel's settings become a deliverable target. The
 * channels are Modelship's own ({@code modelship.notifications.channels}) plus the app's (its
 * {@code .modelship.yaml}), each filtered by its {@code events}.
 */
@Component
class ChannelDirectory {

  /** A channel by its name in the outbox, with its settings. */
  record Named(String name, AppNotifications.Channel spec) {}

  private final NotificationProperties properties;
  private final AppNotificationSettings apps;
  private final NotificationSecrets secrets;

  ChannelDirectory(
      NotificationProperties properties,
      AppNotificationSettings apps,
      NotificationSecrets secrets) {
    this.properties = properties;
    this.apps = apps;
    this.secrets = secrets;
  }

  /** The channels that want the event of the app (as configured at the commit, when known). */
  List<Named> channelsFor(String event, String app, String commitSha) {
    List<Named> channels = new ArrayList<>();
    for (Map.Entry<String, AppNotifications.Channel> global : properties.channels().entrySet()) {
      channels.add(new Named("global:" + global.getKey(), global.getValue()));
    }
    List<AppNotifications.Channel> own = apps.of(app, commitSha).channels();
    for (int i = 0; i < own.size(); i++) {
      channels.add(new Named("app:" + (i + 1) + "-" + own.get(i).type(), own.get(i)));
    }
    return channels.stream()
        .filter(c -> c.spec().events().isEmpty() || c.spec().events().contains(event))
        .toList();
  }

  /** The channel with its secrets resolved; an exception names what is missing. */
  ChannelTarget resolve(String name, AppNotifications.Channel spec) {
    String type = spec.type() == null ? "" : spec.type();
    URI url = null;
    String key = null;
    if (!type.equals("email")) {
      String value =
          secrets
              .resolve(spec.secret())
              .orElseThrow(() -> missing(name, type, "secret", spec.secret()));
      url = url(name, type, spec.secret(), value);
    }
    if (type.equals("webhook")) {
      key =
          secrets
              .resolve(spec.signingSecret())
              .orElseThrow(() -> missing(name, type, "signingSecret", spec.signingSecret()));
    }
    return new ChannelTarget(name, type, url, key, spec.to(), new HashSet<>(spec.events()));
  }

  private static ChannelNotUsableException missing(
      String name, String type, String field, String secretName) {
    return new ChannelNotUsableException(
        name
            + " ("
            + type
            + "): expected "
            + (secretName == null
                ? "a '" + field + "' naming a secret"
                : "the secret " + secretName + " in " + NotificationSecrets.PREFIX + secretName)
            + ", but there is none");
  }

  private static URI url(String name, String type, String secretName, String value) {
    try {
      URI url = URI.create(value);
      if (("https".equals(url.getScheme()) || "http".equals(url.getScheme()))
          && url.getHost() != null) {
        return url;
      }
    } catch (IllegalArgumentException notAUri) {
      // reported below, without the value: it is a secret
    }
    throw new ChannelNotUsableException(
        name
            + " ("
            + type
            + "): expected the secret "
            + secretName
            + " to hold an http(s) URL, but it does not");
  }
}
