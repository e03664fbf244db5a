package io.modelship.release;

import io.modelship.servers.PostgresServer;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The release ledger on a real PostgreSQL server, the production database. */
class ReleaseLedgerPostgresIT extends LedgerContract {

  @RegisterExtension static PostgresServer postgres = new PostgresServer();

  private static final AtomicInteger DATABASES = new AtomicInteger();

  @Override
  DataSource freshDatabase() {
    String name = "ledger_" + DATABASES.incrementAndGet();
    DriverManagerDataSource admin =
        new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(), "");
    JdbcClient.create(admin).sql("create database " + name).update();
    return new DriverManagerDataSource(
        postgres.jdbcUrl().replace("/postgres", "/" + name), postgres.username(), "");
  }
}
