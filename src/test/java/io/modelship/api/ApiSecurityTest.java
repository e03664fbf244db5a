package io.modelship.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Spring Security answers for {@code /api/**} only, with problem+json, and leaves the rest open.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:api-security;DB_CLOSE_DELAY=-1",
      "camunda.client.worker.defaults.enabled=false",
      "modelship.pipeline.deploy-on-start=false",
      "modelship.api.users[0].name=reader",
      "modelship.api.users[0].password=reader-pass",
      "modelship.api.users[0].roles=read",
      "modelship.api.tokens[0].name=ci",
      "modelship.api.tokens[0].token=ci-token-123",
      "modelship.api.tokens[0].roles=trigger,read"
    })
class ApiSecurityTest {

  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldAnswer401WithAProblemWithoutCredentials() throws Exception {
    // when
    HttpResponse<String> response = get("/api/runs", null);
    // then
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.body()).contains("\"status\":401");
  }

  @Test
  void shouldAnswer401ForAWrongPasswordOrAnUnknownToken() throws Exception {
    // when
    HttpResponse<String> wrongPassword = get("/api/runs", basic("reader", "nope"));
    HttpResponse<String> unknownToken = get("/api/runs", "Bearer ci-token-12");
    // then
    assertThat(wrongPassword.statusCode()).isEqualTo(401);
    assertThat(unknownToken.statusCode()).isEqualTo(401);
    assertThat(unknownToken.body()).doesNotContain("ci-token");
  }

  @Test
  void shouldAnswer403WhenTheRoleDoesNotAllowTheCall() throws Exception {
    // when
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/builds"))
                .header("Authorization", basic("reader", "reader-pass"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    // then
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("Expected a role");
  }

  @Test
  void shouldLeaveHealthOutsideTheApiSecurity() throws Exception {
    // when
    HttpResponse<String> health = get("/actuator/health", null);
    // then: answered by actuator (UP, or DOWN while no engine answers), not by Spring Security
    assertThat(health.statusCode()).isIn(200, 503);
    assertThat(health.body()).contains("\"status\"");
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
