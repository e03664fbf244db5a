package io.modelship.model;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.http.HttpClient;
import com.azure.core.util.Context;
import com.azure.core.util.HttpClientOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.DownloadRetryOptions;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.modelship.model.ModelLocation.Kind;
import io.modelship.steplog.SecretMasker;
import io.modelship.steplog.StepLog;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Models in Azure Blob Storage ({@code azblob://} and {@code https://ACCOUNT.blob...} URIs). The
 * version is the blob's ETag from a properties (HEAD) request; the download is a series of ranged
 * GETs through the SDK, several at once ({@link RangedDownload}, which hashes as it goes), each
 * pinned to that ETag with {@code If-Match} and resumed by the SDK after a broken connection.
 */
public final class AzureBlobModelStore implements ModelStore, ModelSource, AutoCloseable {

  private static final String STORE = "Azure Blob Storage";

  private final AzureBlobModelStoreProperties properties;
  private final ModelCache cache;
  private final SecretMasker masker;
  private final HttpClient httpClient = HttpClient.createDefault(new HttpClientOptions());
  private final Map<String, BlobServiceClient> clients = new ConcurrentHashMap<>();
  private final RangedDownload ranges;

  public AzureBlobModelStore(
      AzureBlobModelStoreProperties properties, ModelCache cache, SecretMasker masker) {
    this.properties = properties;
    this.cache = cache;
    this.masker = masker;
    this.ranges = new RangedDownload(properties.blockSize().toBytes(), properties.maxConcurrency());
  }

  @Override
  public FetchedModel fetch(String uri, String expectedSha256, StepLog log) {
    ModelLocation location = ModelLocation.parse(uri);
    if (location.kind() != Kind.AZURE_BLOB) {
      throw new InvalidModelUriException(
          "Expected an azblob:// or https://ACCOUNT.blob.core.windows.net model URI, but got a "
              + location.kind()
              + " URI");
    }
    return cache.fetch(location, expectedSha256, log, this);
  }

  @Override
  public ObjectVersion head(ModelLocation location) {
    try {
      BlobProperties blob =
          blob(location)
              .getPropertiesWithResponse(null, properties.timeout(), Context.NONE)
              .getValue();
      return new ObjectVersion(blob.getETag(), blob.getBlobSize());
    } catch (RuntimeException e) {
      throw classify(location, e);
    }
  }

  @Override
  public String download(ModelLocation location, ObjectVersion version, Path target) {
    BlobClient blob = blob(location);
    BlobRequestConditions sameVersion =
        new BlobRequestConditions().setIfMatch(version.changeToken());
    DownloadRetryOptions resume =
        new DownloadRetryOptions().setMaxRetryRequests(properties.maxTries());
    try {
      return ranges.download(
          target,
          version.size(),
          (offset, length, out) ->
              blob.downloadStreamWithResponse(
                  out,
                  new BlobRange(offset, length),
                  resume,
                  sameVersion,
                  false,
                  properties.timeout(),
                  Context.NONE));
    } catch (RuntimeException e) {
      throw classify(location, e);
    }
  }

  @Override
  public void close() {
    ranges.close();
  }

  private BlobClient blob(ModelLocation location) {
    return clients
        .computeIfAbsent(location.bucket(), this::newClient)
        .getBlobContainerClient(location.container())
        .getBlobClient(location.path());
  }

  private BlobServiceClient newClient(String account) {
    BlobServiceClientBuilder builder =
        new BlobServiceClientBuilder()
            .httpClient(httpClient)
            .retryOptions(
                new RequestRetryOptions(
                    RetryPolicyType.EXPONENTIAL,
                    properties.maxTries(),
                    (Integer) null,
                    500L,
                    5_000L,
                    null));
    if (account.equals(properties.connectionStringAccount())) {
      return builder.connectionString(properties.connectionString()).buildClient();
    }
    builder.endpoint(properties.endpoint().replace("{account}", account));
    if (properties.sasToken() != null && !properties.sasToken().isBlank()) {
      return builder.sasToken(properties.sasToken()).buildClient();
    }
    return builder.credential(new DefaultAzureCredentialBuilder().build()).buildClient();
  }

  /** Maps what the SDK threw onto the step's outcomes; the message never holds a credential. */
  RuntimeException classify(ModelLocation location, RuntimeException e) {
    if (e instanceof BlobStorageException storage) {
      return StoreFailure.ofStatus(
          location,
          STORE,
          storage.getStatusCode(),
          storage.getErrorCode() == null ? "" : storage.getErrorCode().toString(),
          "modelship.models.azure.* (connection string, SAS token or managed identity)");
    }
    if (e instanceof ClientAuthenticationException) {
      return new ModelAccessDeniedException(
          "Expected a credential for model "
              + location.uri()
              + ", but none could be had: "
              + masker.mask(e.getMessage()),
          null);
    }
    return StoreFailure.ofException(location, STORE, e, masker);
  }
}
