package io.modelship.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RegistryServerIT {

  @Test
  void shouldServeTlsWithBasicAuthAndCountUploadedBytes() throws Exception {
    try (RegistryServer registry = RegistryServer.basicAuth()) {
      // given
      registry.start();
      HttpClient http = client(registry);
      String v2 = "https://" + registry.host() + "/v2/";

      // when
      HttpResponse<String> anonymous = get(http, v2, null);
      HttpResponse<String> wrong = get(http, v2, basic(RegistryServer.USERNAME, "wrong"));
      HttpResponse<String> right =
          get(http, v2, basic(RegistryServer.USERNAME, registry.password()));

      // then
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(h -> assertThat(h).startsWith("Basic"));
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(right.statusCode()).isEqualTo(200);
      assertThat(registry.bytesUploaded()).isPositive();
      registry.resetCounters();
      assertThat(registry.bytesUploaded()).isZero();
      assertThat(registry.uploadedBlobDigests()).isEmpty();
    }
  }

  @Test
  void shouldIssueBearerTokensOnlyForRightCredentials() throws Exception {
    try (RegistryServer registry = RegistryServer.tokenAuth()) {
      // given
      registry.start();
      HttpClient http = client(registry);
      String v2 = "https://" + registry.host() + "/v2/";
      HttpResponse<String> challenge = get(http, v2, null);
      Matcher realm =
          Pattern.compile("Bearer realm=\"([^\"]+)\",service=\"([^\"]+)\"")
              .matcher(challenge.headers().firstValue("WWW-Authenticate").orElse(""));
      assertThat(realm.find()).as("a bearer challenge").isTrue();
      String tokenUrl = realm.group(1) + "?service=" + realm.group(2);

      // when
      HttpResponse<String> refused = get(http, tokenUrl, basic(RegistryServer.USERNAME, "wrong"));
      HttpResponse<String> issued =
          get(http, tokenUrl, basic(RegistryServer.USERNAME, registry.password()));
      Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(issued.body());
      assertThat(token.find()).as("a token in " + issued.body()).isTrue();
      HttpResponse<String> withToken = get(http, v2, "Bearer " + token.group(1));

      // then
      assertThat(challenge.statusCode()).isEqualTo(401);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(issued.statusCode()).isEqualTo(200);
      assertThat(withToken.statusCode()).isEqualTo(200);
      assertThat(registry.tokenIssuer().tokensIssued()).isEqualTo(1);
      assertThat(registry.tokenIssuer().requestsRefused()).isEqualTo(1);
    }
  }

  private static HttpClient client(RegistryServer registry) {
    return HttpClient.newBuilder().sslContext(registry.clientSslContext()).build();
  }

  private static HttpResponse<String> get(HttpClient http, String url, String authorization)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
