package io.modelship.notify;

import io.modelship.build.AppNotifications;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code notifications} section of each app's {@code .modelship.yaml}, kept per commit when the
 * build reads it: a release checks out no source, so it tells the channels of the commit it
 * releases (or, failing that, of the app's newest read).
 */
@Component
public class AppNotificationSettings {

  private static final TypeReference<List<AppNotifications.Channel>> CHANNELS =
      new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock;

  AppNotificationSettings(JdbcClient jdbc, JsonMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
  }

  /** Keeps the app's section as read at the commit; reading the commit again replaces it. */
  public void remember(String app, String commitSha, AppNotifications notifications) {
    String channels = json.writeValueAsString(notifications.channels());
    Timestamp now = Timestamp.from(clock.instant());
    int updated =
        jdbc.sql(
                "update app_notifications set channels = ?, recorded_at = ? where app = ? and"
                    + " commit_sha = ?")
            .params(channels, now, app, commitSha)
            .update();
    if (updated == 0) {
      try {
        jdbc.sql(
                "insert into app_notifications (app, commit_sha, channels, recorded_at)"
                    + " values (?, ?, ?, ?)")
            .params(app, commitSha, channels, now)
            .update();
      } catch (DuplicateKeyException raced) {
        // Another delivery of the same fetch-source read the same file at the same commit.
      }
    }
  }

  /** The section read at the commit, else the app's newest, else none. */
  AppNotifications of(String app, String commitSha) {
    if (app == null) {
      return AppNotifications.NONE;
    }
    Optional<String> channels = Optional.empty();
    if (commitSha != null) {
      channels =
          jdbc.sql("select channels from app_notifications where app = ? and commit_sha = ?")
              .params(app, commitSha)
              .query(String.class)
              .optional();
    }
    if (channels.isEmpty()) {
      channels =
          jdbc.sql(
                  "select channels from app_notifications where app = ?"
                      + " order by recorded_at desc fetch first 1 rows only")
              .param(app)
              .query(String.class)
              .optional();
    }
    return channels
        .map(c -> new AppNotifications(json.readValue(c, CHANNELS)))
        .orElse(AppNotifications.NONE);
  }
}
