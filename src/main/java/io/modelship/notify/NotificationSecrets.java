package io.modelship.notify;

import io.modelship.steplog.SecretValues;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.stereotype.Component;

/**
 * The secrets that notification channels name: webhook URLs (Slack, Teams and generic webhooks
 * carry their credential in the URL) and HMAC keys. Only names under {@code
 * modelship.notifications.secrets.} resolve (in a file, a system property, or the environment as
 * {@code MODELSHIP_NOTIFICATIONS_SECRETS_<NAME>}), so an app's {@code .modelship.yaml} cannot make
 * Modelship send any other part of its configuration, such as the ledger's password. Every value is
 * masked wherever Modelship writes text.
 */
@Component
public class NotificationSecrets implements SecretValues {

  static final String PREFIX = "modelship.notifications.secrets.";
  private static final String ENV_PREFIX = "MODELSHIP_NOTIFICATIONS_SECRETS_";

  private final Map<String, String> byName;

  @Autowired
  NotificationSecrets(ConfigurableEnvironment environment) {
    this(collect(environment));
  }

  NotificationSecrets(Map<String, String> byName) {
    Map<String, String> normalized = new TreeMap<>();
    byName.forEach((name, value) -> normalized.put(normalize(name), value));
    this.byName = Map.copyOf(normalized);
  }

  /** The secret's value, when one is configured under that name. */
  public Optional<String> resolve(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(byName.get(normalize(name)));
  }

  @Override
  public Collection<String> values() {
    return List.copyOf(byName.values());
  }

  private static Map<String, String> collect(ConfigurableEnvironment environment) {
    Map<String, String> found = new TreeMap<>();
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
        continue;
      }
      for (String property : enumerable.getPropertyNames()) {
        String name = null;
        if (property.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
          name = property.substring(PREFIX.length());
        } else if (property.startsWith(ENV_PREFIX)) {
          name = property.substring(ENV_PREFIX.length());
        }
        // Sources are in precedence order: the first one that names a secret wins.
        if (name != null && !name.isEmpty() && !found.containsKey(normalize(name))) {
          String value = environment.getProperty(property);
          if (value != null && !value.isBlank()) {
            found.put(normalize(name), value.strip());
          }
        }
      }
    }
    return found;
  }

  /** {@code slack-webhook}, {@code slack.webhook} and {@code SLACK_WEBHOOK} name one secret. */
  static String normalize(String name) {
    return name.replace('-', '_').replace('.', '_').toUpperCase(Locale.ROOT);
  }
}
