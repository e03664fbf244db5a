package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** With credentials configured, /v2 requires them, and the embedded client sends them. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"modelship.engine.username=engine", "modelship.engine.password=s3cret"})
class EngineCredentialsIT {

  @Autowired CamundaClient client;

  @Value("${modelship.engine.port}")
  int enginePort;

  @Test
  void shouldRefuseRequestsWithoutCredentials() throws Exception {
    // when
    var response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + enginePort + "/v2/topology"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    // then
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).doesNotContain("s3cret");
  }

  @Test
  void shouldServeTheClientThatSendsThem() {
    // when
    var topology = client.newTopologyRequest().send().join();

    // then
    assertThat(topology.getBrokers()).hasSize(1);
  }
}
