package io.modelship.release;

import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The release ledger on embedded H2, the default database. */
class ReleaseLedgerTest extends LedgerContract {

  @Override
  DataSource freshDatabase() {
    return new DriverManagerDataSource(
        "jdbc:h2:mem:ledger-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
  }
}
