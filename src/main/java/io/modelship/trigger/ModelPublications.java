package io.modelship.trigger;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The models already published to each app, by digest: the same model announced twice (by two
 * events, or two triggers) builds once.
 */
@Component
class ModelPublications {

  private final JdbcClient jdbc;
  private final Clock clock;

  ModelPublications(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Claims an app's model digest. Empty when it is new (the caller starts its build), else the run
   * that the first announcement started ({@code ""} while that one is being handled).
   */
  Optional<String> claim(String app, String sha256, String uri, String modelEvent) {
    try {
      jdbc.sql(
              "insert into model_publications (app, model_sha256, model_uri, model_event,"
                  + " received_at) values (?, ?, ?, ?, ?)")
          .params(app, sha256, uri, modelEvent, Timestamp.from(clock.instant()))
          .update();
      return Optional.empty();
    } catch (DuplicateKeyException seen) {
      return Optional.of(
          jdbc.sql(
                  "select coalesce(run_id, '') from model_publications where app = ? and"
                      + " model_sha256 = ?")
              .params(app, sha256)
              .query(String.class)
              .single());
    }
  }

  void handled(String app, String sha256, String runId) {
    jdbc.sql("update model_publications set run_id = ? where app = ? and model_sha256 = ?")
        .params(runId, app, sha256)
        .update();
  }

  /** Forgets a claim whose build did not start, so the sender's retry starts it. */
  void forget(String app, String sha256) {
    jdbc.sql("delete from model_publications where app = ? and model_sha256 = ?")
        .params(app, sha256)
        .update();
  }
}
