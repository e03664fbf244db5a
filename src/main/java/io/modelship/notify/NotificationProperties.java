package io.modelship.notify;

import io.modelship.build.AppNotifications;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Notifications: the channels every app's events go to, where links point, and how the outbox is
 * delivered. Secrets are not properties of their own here: channels name them, and each name is
 * resolved from {@code modelship.notifications.secrets.<NAME>} ({@link NotificationSecrets}).
 *
 * @param consoleUrl the console's base URL, for links to runs and approvals (default {@code
 *     http://localhost:8080})
 * @param channels Modelship-wide channels by name; they get every app's events
 * @param emailFrom the sender of e-mail notifications (default {@code modelship@localhost})
 * @param maxAttempts delivery attempts per channel before the outbox gives up (default 8)
 * @param initialBackoff the wait after the first failed attempt, doubled after each (default PT5S)
 * @param maxBackoff the longest wait between attempts (default PT10M)
 * @param requestTimeout how long one webhook or SMTP delivery may take (default PT10S)
 * @param dispatchInterval how often the outbox is looked at for due deliveries (default PT1S)
 * @param incidentPollInterval how often the engine's open incidents are searched (default PT30S)
 * @param watchIncidents whether open incidents are notified at all (default true)
 */
@ConfigurationProperties("modelship.notifications")
public record NotificationProperties(
    URI consoleUrl,
    Map<String, AppNotifications.Channel> channels,
    String emailFrom,
    Integer maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration requestTimeout,
    Duration dispatchInterval,
    Duration incidentPollInterval,
    Boolean watchIncidents) {

  public NotificationProperties {
    consoleUrl = consoleUrl == null ? URI.create("http://localhost:8080") : consoleUrl;
    channels = channels == null ? Map.of() : new TreeMap<>(channels);
    emailFrom = emailFrom == null || emailFrom.isBlank() ? "modelship@localhost" : emailFrom;
    maxAttempts = maxAttempts == null ? 8 : maxAttempts;
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "Expected modelship.notifications.max-attempts to be at least 1, but it is "
              + maxAttempts);
    }
    initialBackoff = initialBackoff == null ? Duration.ofSeconds(5) : initialBackoff;
    maxBackoff = maxBackoff == null ? Duration.ofMinutes(10) : maxBackoff;
    requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
    dispatchInterval = dispatchInterval == null ? Duration.ofSeconds(1) : dispatchInterval;
    incidentPollInterval =
        incidentPollInterval == null ? Duration.ofSeconds(30) : incidentPollInterval;
    watchIncidents = watchIncidents == null || watchIncidents;
  }

  /** The wait before attempt {@code failedAttempts + 1}: doubling from the first, capped. */
  Duration backoffAfter(int failedAttempts) {
    Duration wait = initialBackoff;
    for (int i = 1; i < failedAttempts && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }

  /** The console's page of a run. */
  String runLink(String runId) {
    return base() + "/runs/" + runId;
  }

  /** The console's page of open approvals. */
  String approvalsLink() {
    return base() + "/approvals";
  }

  private String base() {
    String base = consoleUrl.toString();
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }
}
