package io.modelship.model;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code modelship.models.s3.*}: models in Amazon S3 or an S3-compatible store. Credentials come
 * from the AWS default chain (environment, profile, web identity, container or instance role)
 * unless an access key pair is set here.
 *
 * @param region the bucket's region; when empty, {@code aws.region} or {@code AWS_REGION}, else
 *     {@code us-east-1}
 * @param endpoint an endpoint override for S3-compatible stores, e.g. {@code http://127.0.0.1:9000}
 * @param pathStyle path-style access ({@code ENDPOINT/BUCKET/KEY}), which most S3-compatible stores
 *     need
 * @param accessKeyId an access key id; only with {@code secretAccessKey}
 * @param secretAccessKey the secret access key (a secret)
 * @param partSize the part size of parallel downloads of objects uploaded in parts
 * @param maxConcurrency how many parts are downloaded at once
 * @param maxTries tries per request, including the first, for 5xx, throttling and network errors
 * @param timeout the longest a whole download may take
 */
@ConfigurationProperties("modelship.models.s3")
public record S3ModelStoreProperties(
    String region,
    URI endpoint,
    @DefaultValue("false") boolean pathStyle,
    String accessKeyId,
    String secretAccessKey,
    @DefaultValue("8MB") DataSize partSize,
    @DefaultValue("4") int maxConcurrency,
    @DefaultValue("3") int maxTries,
    @DefaultValue("PT30M") Duration timeout) {}
