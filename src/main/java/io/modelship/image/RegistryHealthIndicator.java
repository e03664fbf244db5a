package io.modelship.image;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Readiness of the configured registry: its API root ({@code GET /v2/}) answers. A 200, or a 401
 * that asks for credentials, means the registry is there; a 5xx or no answer means it is not. No
 * credentials are sent: a health check must not spend tokens or reveal a password.
 */
class RegistryHealthIndicator extends AbstractHealthIndicator {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final String host;
  private final HttpClient http;

  RegistryHealthIndicator(RegistryProperties registry) {
    super("Registry health check failed");
    this.host = registry.host();
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
    if (registry.insecure()) {
      builder.sslContext(TrustAnyCertificate.context());
    }
    this.http = builder.build();
  }

  @Override
  protected void doHealthCheck(Health.Builder health) throws IOException, InterruptedException {
    HttpResponse<Void> answer =
        http.send(
            HttpRequest.newBuilder(URI.create("https://" + host + "/v2/"))
                .timeout(TIMEOUT)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.discarding());
    int status = answer.statusCode();
    (status == 200 || status == 401 ? health.up() : health.down())
        .withDetail("host", host)
        .withDetail("status", status);
  }
}
