package io.modelship.steplog;

import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code modelship.step-logs.blob.*}: step logs as append blobs in Azure Blob Storage. Auth is the
 * connection string when set, else the SAS token with the endpoint, else {@code
 * DefaultAzureCredential} (managed identity) with the endpoint.
 *
 * @param endpoint the account's blob endpoint, e.g. {@code https://ACCOUNT.blob.core.windows.net}
 * @param connectionString a storage connection string (holds the account key: a secret)
 * @param sasToken a SAS token for the container (a secret)
 * @param container the container; created when missing
 * @param flushInterval how often buffered lines are appended
 */
@ConfigurationProperties("modelship.step-logs.blob")
public record AzureBlobStepLogsProperties(
    String endpoint,
    String connectionString,
    String sasToken,
    @DefaultValue("step-logs") String container,
    @DefaultValue("1s") Duration flushInterval) {

  BlobContainerClient containerClient() {
    BlobServiceClientBuilder builder = new BlobServiceClientBuilder();
    if (hasText(connectionString)) {
      builder.connectionString(connectionString);
    } else if (hasText(endpoint) && hasText(sasToken)) {
      builder.endpoint(endpoint).sasToken(sasToken);
    } else if (hasText(endpoint)) {
      builder.endpoint(endpoint).credential(new DefaultAzureCredentialBuilder().build());
    } else {
      throw new IllegalStateException(
          "Expected modelship.step-logs.blob.connection-string or .endpoint to be set for"
              + " modelship.step-logs.store=blob, but neither was");
    }
    return builder.buildClient().getBlobContainerClient(container);
  }

  /** The secrets among these properties, for masking. */
  List<String> secrets() {
    List<String> secrets = new ArrayList<>();
    if (hasText(connectionString)) {
      secrets.add(connectionString);
      for (String part : connectionString.split(";")) {
        int eq = part.indexOf('=');
        if (eq > 0 && part.substring(0, eq).strip().equalsIgnoreCase("AccountKey")) {
          secrets.add(part.substring(eq + 1));
        }
      }
    }
    if (hasText(sasToken)) {
      secrets.add(sasToken);
    }
    return secrets;
  }

  private static boolean hasText(String value) {
    return value != null && !value.isBlank();
  }
}
