package io.modelship.engine.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The state store on an embedded H2 database in the data folder. Each table holds one kind of
 * record as JSON by key. H2 delays writes by default; {@code WRITE_DELAY=0} makes a commit reach
 * the file before {@link #commit} returns, so an acknowledged change survives {@code kill -9}.
 */
public final class JdbcStateStore implements StateStore {

  private static final String SEQUENCE = "key_sequence";

  private final Connection connection;
  private final ObjectMapper json =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private JdbcStateStore(Connection connection) {
    this.connection = connection;
  }

  /** Opens (or creates) the store in {@code dataDirectory}. */
  public static JdbcStateStore open(Path dataDirectory) {
    try {
      Files.createDirectories(dataDirectory);
      String url =
          "jdbc:h2:file:"
              + dataDirectory.toAbsolutePath().resolve("engine")
              + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
      Connection connection = DriverManager.getConnection(url, "sa", "");
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        for (Table table : Table.values()) {
          statement.execute(
              "CREATE TABLE IF NOT EXISTS %s (record_key BIGINT PRIMARY KEY, data CHARACTER VARYING NOT NULL)"
                  .formatted(table.name()));
        }
        statement.execute(
            "CREATE TABLE IF NOT EXISTS META (name VARCHAR(64) PRIMARY KEY, val BIGINT NOT NULL)");
      }
      connection.commit();
      return new JdbcStateStore(connection);
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException(
          "Expected to open the engine's store in '%s', but: %s"
              .formatted(dataDirectory, e.getMessage()),
          e);
    }
  }

  @Override
  public void load(Table table, Consumer<Entity> consumer) {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT data FROM %s ORDER BY record_key".formatted(table))) {
      while (rows.next()) {
        consumer.accept(json.readValue(rows.getString(1), table.type()));
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException(
          "Expected to load table %s, but: %s".formatted(table, e.getMessage()), e);
    }
  }

  @Override
  public long lastKey() {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT val FROM META WHERE name = ?")) {
      select.setString(1, SEQUENCE);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Expected to read the key sequence, but: " + e.getMessage(), e);
    }
  }

  @Override
  public void commit(Changes changes, long lastKey) {
    try {
      for (Map.Entry<Table, Map<Long, Entity>> entry : changes.byTable().entrySet()) {
        write(entry.getKey(), entry.getValue());
      }
      try (PreparedStatement merge =
          connection.prepareStatement("MERGE INTO META (name, val) KEY (name) VALUES (?, ?)")) {
        merge.setString(1, SEQUENCE);
        merge.setLong(2, lastKey);
        merge.executeUpdate();
      }
      connection.commit();
    } catch (SQLException | JsonProcessingException e) {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        // The original failure is the one to report.
      }
      throw new IllegalStateException("Expected to commit engine state, but: " + e.getMessage(), e);
    }
  }

  private void write(Table table, Map<Long, Entity> records)
      throws SQLException, JsonProcessingException {
    try (PreparedStatement merge =
            connection.prepareStatement(
                "MERGE INTO %s (record_key, data) KEY (record_key) VALUES (?, ?)"
                    .formatted(table));
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM %s WHERE record_key = ?".formatted(table))) {
      boolean merges = false;
      boolean deletes = false;
      for (Map.Entry<Long, Entity> record : records.entrySet()) {
        if (record.getValue() == null) {
          delete.setLong(1, record.getKey());
          delete.addBatch();
          deletes = true;
        } else {
          merge.setLong(1, record.getKey());
          merge.setString(2, json.writeValueAsString(record.getValue()));
          merge.addBatch();
          merges = true;
        }
      }
      if (merges) {
        merge.executeBatch();
      }
      if (deletes) {
        delete.executeBatch();
      }
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing at shutdown: every commit already reached the file.
    }
  }
}
