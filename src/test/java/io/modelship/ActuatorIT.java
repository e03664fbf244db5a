package io.modelship;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelship.pipeline.StepMetrics;
import io.modelship.servers.RegistryServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Modelship's actuator as operators and Kubernetes see it: readiness covers the process engine and,
 * only when one is configured, the registry (a real one here); metrics per step are served for
 * Prometheus.
 */
class ActuatorIT {

  static final HttpClient HTTP = HttpClient.newHttpClient();

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Nested
  @SpringBootTest(
      webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      properties = {
        "spring.datasource.url=jdbc:h2:mem:actuator-registry;DB_CLOSE_DELAY=-1",
        "camunda.client.worker.defaults.enabled=false",
        "modelship.pipeline.deploy-on-start=false",
        "modelship.registry.insecure=true"
      })
  class WithARegistry {

    @RegisterExtension static RegistryServer registry = RegistryServer.basicAuth();

    @DynamicPropertySource
    static void registry(DynamicPropertyRegistry properties) {
      registry.start(); // a no-op when the extension has started it already
      properties.add("modelship.registry.host", registry::host);
    }

    @LocalServerPort int port;
    @Autowired StepMetrics metrics;

    @Test
    void shouldCountTheRegistryAndTheEngineInReadiness() throws Exception {
      // when
      HttpResponse<String> readiness = get(port, "/actuator/health/readiness");

      // then
      assertThat(readiness.body())
          .contains("\"registry\":{\"status\":\"UP\"")
          .contains("\"modelStore\":{\"status\":\"UP\"")
          .contains("\"camundaClient\"")
          .contains("\"readinessState\"");
    }

    @Test
    void shouldServeMetricsPerStepForPrometheus() throws Exception {
      // given
      metrics.record("fetch-model", 1, StepMetrics.Outcome.SUCCEEDED, Duration.ofMillis(250));
      metrics.record("fetch-model", 2, StepMetrics.Outcome.RETRY, Duration.ofMillis(50));

      // when
      HttpResponse<String> scrape = get(port, "/actuator/prometheus");

      // then
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body())
          .contains(
              "modelship_step_duration_seconds_count{outcome=\"succeeded\",step=\"fetch-model\"} 1")
          .contains("modelship_step_failures_total{outcome=\"retry\",step=\"fetch-model\"} 1.0")
          .contains("modelship_step_retries_total{step=\"fetch-model\"} 1.0");
    }
  }

  @Nested
  @SpringBootTest(
      webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      properties = {
        "spring.datasource.url=jdbc:h2:mem:actuator-plain;DB_CLOSE_DELAY=-1",
        "camunda.client.worker.defaults.enabled=false",
        "modelship.pipeline.deploy-on-start=false"
      })
  class WithoutARegistry {

    @LocalServerPort int port;

    @Test
    void shouldLeaveTheRegistryOutOfReadiness() throws Exception {
      // when
      HttpResponse<String> readiness = get(port, "/actuator/health/readiness");

      // then
      assertThat(readiness.body())
          .contains("\"camundaClient\"")
          .contains("\"modelStore\"")
          .doesNotContain("registry");
    }
  }
}
