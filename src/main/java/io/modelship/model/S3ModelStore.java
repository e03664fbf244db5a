package io.modelship.model;

import io.modelship.model.ModelLocation.Kind;
import io.modelship.step.TransientStepException;
import io.modelship.steplog.SecretMasker;
import io.modelship.steplog.StepLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Models in S3 or an S3-compatible store ({@code s3://BUCKET/KEY}). The version is the object's
 * ETag from a HEAD request (only a change token: multipart ETags are not content hashes); the
 * download is a series of ranged GETs through the SDK client, several at once ({@link
 * RangedDownload}, which hashes as it goes), each pinned to that ETag with {@code If-Match}.
 */
public final class S3ModelStore implements ModelStore, ModelSource, AutoCloseable {

  private static final String STORE = "S3";

  private final S3ModelStoreProperties properties;
  private final ModelCache cache;
  private final SecretMasker masker;
  private final S3Client client;
  private final RangedDownload ranges;

  public S3ModelStore(S3ModelStoreProperties properties, ModelCache cache, SecretMasker masker) {
    this.properties = properties;
    this.cache = cache;
    this.masker = masker;
    Region region = region(properties);
    AwsCredentialsProvider credentials = credentials(properties);
    var sync =
        S3Client.builder()
            .region(region)
            .credentialsProvider(credentials)
            .forcePathStyle(properties.pathStyle())
            // Ranges carry no whole-object checksum; Modelship hashes the content itself.
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(
                c ->
                    c.retryStrategy(b -> b.maxAttempts(properties.maxTries()))
                        .apiCallTimeout(properties.timeout()));
    if (properties.endpoint() != null) {
      sync.endpointOverride(properties.endpoint());
    }
    this.client = sync.build();
    this.ranges = new RangedDownload(properties.partSize().toBytes(), properties.maxConcurrency());
  }

  @Override
  public FetchedModel fetch(String uri, String expectedSha256, StepLog log) {
    ModelLocation location = ModelLocation.parse(uri);
    if (location.kind() != Kind.S3) {
      throw new InvalidModelUriException(
          "Expected an s3://BUCKET/KEY model URI, but got a " + location.kind() + " URI");
    }
    return cache.fetch(location, expectedSha256, log, this);
  }

  @Override
  public ObjectVersion head(ModelLocation location) {
    try {
      HeadObjectResponse head =
          client.headObject(b -> b.bucket(location.bucket()).key(location.path()));
      return new ObjectVersion(head.eTag(), head.contentLength());
    } catch (RuntimeException e) {
      throw classify(location, e);
    }
  }

  @Override
  public String download(ModelLocation location, ObjectVersion version, Path target) {
    try {
      return ranges.download(
          target,
          version.size(),
          (offset, length, out) -> {
            // The SDK retries a request until its response arrives; the body is copied here.
            try (ResponseInputStream<GetObjectResponse> body =
                client.getObject(
                    b ->
                        b.bucket(location.bucket())
                            .key(location.path())
                            .range("bytes=" + offset + "-" + (offset + length - 1))
                            .ifMatch(version.changeToken()))) {
              body.transferTo(out);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (RuntimeException e) {
      throw classify(location, e);
    }
  }

  @Override
  public void close() {
    ranges.close();
    client.close();
  }

  /** Maps what the SDK threw onto the step's outcomes; the message never holds a credential. */
  RuntimeException classify(ModelLocation location, RuntimeException thrown) {
    Throwable e = unwrap(thrown);
    if (e instanceof SdkServiceException service) {
      if (service.isThrottlingException() && service.statusCode() < 500) {
        return StoreFailure.ofStatus(location, STORE, 429, "throttled", "");
      }
      return StoreFailure.ofStatus(
          location,
          STORE,
          service.statusCode(),
          "",
          "the AWS credentials (modelship.models.s3.* or the default chain)");
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return new TransientStepException(
          "Expected to fetch model "
              + location.uri()
              + " from S3 in time, but it timed out; worth retrying");
    }
    if (e instanceof SdkClientException client
        && !StoreFailure.isNetworkFailure(e)
        && client.getMessage() != null
        && client.getMessage().contains("credentials")) {
      return new ModelAccessDeniedException(
          "Expected AWS credentials for model "
              + location.uri()
              + ", but none could be had: "
              + masker.mask(client.getMessage()),
          null);
    }
    return StoreFailure.ofException(location, STORE, e, masker);
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * The configured region, else {@code aws.region} or {@code AWS_REGION}, else us-east-1. The SDK's
   * full region chain is not used: its last resort asks the instance metadata service, a network
   * call that has no place at start-up outside AWS.
   */
  private static Region region(S3ModelStoreProperties properties) {
    for (String candidate :
        new String[] {
          properties.region(), System.getProperty("aws.region"), System.getenv("AWS_REGION")
        }) {
      if (candidate != null && !candidate.isBlank()) {
        return Region.of(candidate.strip());
      }
    }
    return Region.US_EAST_1;
  }

  private static AwsCredentialsProvider credentials(S3ModelStoreProperties properties) {
    if (properties.accessKeyId() != null && properties.secretAccessKey() != null) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(properties.accessKeyId(), properties.secretAccessKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
