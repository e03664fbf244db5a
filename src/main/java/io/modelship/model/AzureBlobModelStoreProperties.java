package io.modelship.model;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code modelship.models.azure.*}: models in Azure Blob Storage. For an account, auth is the
 * connection string when it is that account's, else the SAS token, else {@code
 * DefaultAzureCredential} (managed identity, workload identity, Azure CLI, environment).
 *
 * @param endpoint the blob endpoint, with {@code {account}} standing for the account name; an
 *     emulator's is e.g. {@code http://127.0.0.1:10000/{account}}
 * @param connectionString a storage connection string (holds the account key: a secret); used for
 *     its own account, with its own endpoint
 * @param sasToken a SAS token with read permission (a secret)
 * @param blockSize the size of each ranged GET of a parallel download; smaller blobs take one GET
 * @param maxConcurrency how many ranges are downloaded at once
 * @param maxTries tries per request, including the first, for 5xx, throttling and network errors
 * @param timeout the longest a whole download may take
 */
@ConfigurationProperties("modelship.models.azure")
public record AzureBlobModelStoreProperties(
    @DefaultValue("https://{account}.blob.core.windows.net") String endpoint,
    String connectionString,
    String sasToken,
    @DefaultValue("8MB") DataSize blockSize,
    @DefaultValue("4") int maxConcurrency,
    @DefaultValue("3") int maxTries,
    @DefaultValue("PT30M") Duration timeout) {

  /** The account name in the connection string, or {@code null}. */
  String connectionStringAccount() {
    if (connectionString == null) {
      return null;
    }
    for (String part : connectionString.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).strip().equalsIgnoreCase("AccountName")) {
        return part.substring(eq + 1).strip();
      }
    }
    return null;
  }
}
