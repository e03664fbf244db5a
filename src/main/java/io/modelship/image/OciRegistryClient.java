package io.modelship.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelship.step.TransientStepException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The few calls of the OCI distribution API that publishing needs (manifests by tag or digest, and
 * blobs), with the registry's own authentication: basic, or the bearer-token challenge that Azure
 * Container Registry answers with. Manifests travel as the exact bytes the registry holds, so a
 * re-tag keeps the digest.
 *
 * <p>Outcomes: 429 and 5xx answers and network errors throw {@link TransientStepException}; refused
 * credentials throw {@link RegistryAuthenticationException}; other unexpected answers throw {@link
 * IllegalStateException}. Credentials are sent only over HTTPS and never appear in messages.
 */
final class OciRegistryClient {

  /** A manifest as the registry holds it. */
  record Manifest(byte[] bytes, String mediaType, String digest) {}

  static final String ACCEPT_MANIFESTS =
      String.join(
          ", ",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json",
          "application/vnd.docker.distribution.manifest.list.v2+json");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  // Shared, so that connections (and their TLS sessions) outlive one publish.
  private static final HttpClient HTTP = newHttpClient(false);
  private static final HttpClient INSECURE_HTTP = newHttpClient(true);

  /** Basic credentials do not depend on the scope: once the registry asked for them, send them. */
  private static final String ANY_SCOPE = "*";

  private final String host;
  private final Optional<RegistryCredentials> credentials;
  private final HttpClient http;
  private final Map<String, String> authorizations = new ConcurrentHashMap<>();

  OciRegistryClient(RegistryProperties registry, Optional<RegistryCredentials> credentials) {
    this.host = registry.host();
    this.credentials = credentials;
    this.http = registry.insecure() ? INSECURE_HTTP : HTTP;
  }

  private static HttpClient newHttpClient(boolean insecure) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER);
    if (insecure) {
      builder.sslContext(TrustAnyCertificate.context());
    }
    return builder.build();
  }

  /** The manifest under a tag or digest, if the repository has it. */
  Optional<Manifest> manifest(String repository, String reference) {
    HttpResponse<byte[]> response =
        send(
            repository,
            false,
            request(repository, "manifests/" + reference).header("Accept", ACCEPT_MANIFESTS).GET());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    expect(response, 200, "GET manifest " + repository + ":" + reference);
    String mediaType =
        response.headers().firstValue("Content-Type").orElse("application/octet-stream");
    return Optional.of(new Manifest(response.body(), mediaType, sha256(response.body())));
  }

  /** The digest a tag or digest points at, if the repository has it (a HEAD, no body). */
  Optional<String> manifestDigest(String repository, String reference) {
    HttpResponse<byte[]> response =
        send(
            repository,
            false,
            request(repository, "manifests/" + reference)
                .header("Accept", ACCEPT_MANIFESTS)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    expect(response, 200, "HEAD manifest " + repository + ":" + reference);
    return response.headers().firstValue("Docker-Content-Digest");
  }

  /** Puts a manifest under a tag: no blobs move. Returns the digest the registry reports. */
  String putManifest(String repository, String tag, Manifest manifest) {
    HttpResponse<byte[]> response =
        send(
            repository,
            true,
            request(repository, "manifests/" + tag)
                .header("Content-Type", manifest.mediaType())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest.bytes())));
    expect(response, 201, "PUT manifest " + repository + ":" + tag);
    return response.headers().firstValue("Docker-Content-Digest").orElse(manifest.digest());
  }

  /** A blob's bytes (small blobs only, such as an image configuration). */
  byte[] blob(String repository, String digest) {
    HttpResponse<byte[]> response =
        send(repository, false, request(repository, "blobs/" + digest).GET());
    if (response.statusCode() == 307 || response.statusCode() == 302) {
      // ACR redirects blobs to storage with a signed URL: follow it without our credentials.
      URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
      response = call(HttpRequest.newBuilder(location).timeout(TIMEOUT).GET().build());
    }
    expect(response, 200, "GET blob " + repository + "@" + digest);
    return response.body();
  }

  private HttpRequest.Builder request(String repository, String path) {
    return HttpRequest.newBuilder(URI.create("https://" + host + "/v2/" + repository + "/" + path))
        .timeout(TIMEOUT);
  }

  /** Sends a request, answering one authentication challenge if the registry makes it. */
  private HttpResponse<byte[]> send(String repository, boolean push, HttpRequest.Builder request) {
    String scopeKey = repository + (push ? ":push" : ":pull");
    String authorization = authorizations.getOrDefault(scopeKey, authorizations.get(ANY_SCOPE));
    if (authorization != null) {
      request.setHeader("Authorization", authorization);
    }
    HttpResponse<byte[]> response = call(request.build());
    if (response.statusCode() != 401) {
      return response;
    }
    String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
    authorization = authorize(challenge, repository, push);
    authorizations.put(authorization.startsWith("Basic ") ? ANY_SCOPE : scopeKey, authorization);
    request.setHeader("Authorization", authorization);
    response = call(request.build());
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw new RegistryAuthenticationException(
          "Expected the registry "
              + host
              + " to accept the configured credentials for "
              + repository
              + ", but it answered "
              + response.statusCode());
    }
    return response;
  }

  private String authorize(String challenge, String repository, boolean push) {
    RegistryCredentials creds =
        credentials.orElseThrow(
            () ->
                new RegistryAuthenticationException(
                    "Expected the registry "
                        + host
                        + " to allow anonymous access to "
                        + repository
                        + ", but it asks for credentials and none are configured"));
    Map<String, String> params = RegistryChallenge.parameters(challenge);
    if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
      return creds.basicAuthorization();
    }
    if (!challenge.regionMatches(true, 0, "Bearer", 0, 6) || !params.containsKey("realm")) {
      throw new IllegalStateException(
          "Expected a Basic or Bearer challenge from " + host + ", but got '" + challenge + "'");
    }
    URI realm = URI.create(params.get("realm"));
    if (!"https".equals(realm.getScheme())) {
      throw new RegistryAuthenticationException(
          "Expected the registry's token service at an https address, but it is "
              + realm
              + "; credentials are not sent over plain HTTP");
    }
    String scope = "repository:" + repository + (push ? ":pull,push" : ":pull");
    StringBuilder query = new StringBuilder("scope=").append(encode(scope));
    if (params.containsKey("service")) {
      query.append("&service=").append(encode(params.get("service")));
    }
    URI tokenUri = URI.create(realm + (realm.getRawQuery() == null ? "?" : "&") + query);
    HttpResponse<byte[]> response =
        call(
            HttpRequest.newBuilder(tokenUri)
                .timeout(TIMEOUT)
                .header("Authorization", creds.basicAuthorization())
                .GET()
                .build());
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw new RegistryAuthenticationException(
          "Expected the registry's token service to accept the configured credentials for "
              + repository
              + ", but it answered "
              + response.statusCode());
    }
    expect(response, 200, "GET token for " + repository);
    try {
      JsonNode body = JSON.readTree(response.body());
      String token = body.path("token").asText(body.path("access_token").asText(""));
      if (token.isEmpty()) {
        throw new IllegalStateException(
            "Expected a token from the registry's token service, but the answer held none");
      }
      return "Bearer " + token;
    } catch (IOException e) {
      throw new IllegalStateException(
          "Expected JSON from the registry's token service, but could not read it", e);
    }
  }

  private HttpResponse<byte[]> call(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new TransientStepException(
          "Expected to reach the registry at "
              + request.uri().getHost()
              + ":"
              + request.uri().getPort()
              + ", but "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientStepException("Interrupted while calling the registry", e);
    }
  }

  private static void expect(HttpResponse<byte[]> response, int status, String what) {
    int actual = response.statusCode();
    if (actual == status) {
      return;
    }
    String body = new String(response.body(), StandardCharsets.UTF_8);
    body = body.length() > 300 ? body.substring(0, 300) + "..." : body;
    if (actual == 429 || actual >= 500) {
      throw new TransientStepException(
          "Expected " + status + " for " + what + ", but the registry answered " + actual);
    }
    throw new IllegalStateException(
        "Expected "
            + status
            + " for "
            + what
            + ", but the registry answered "
            + actual
            + ": "
            + body.strip());
  }

  static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
