package io.modelship.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelship.quality.QualityGate;
import io.modelship.release.ModelMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The sample app as Modelship's pipeline uses it: its own test command (with Debian's python3), the
 * model digest in its pipeline file, and its image entrypoint serving real requests.
 */
class SampleModelApiIT {

  @TempDir Path workspace;

  @Test
  void shouldPassItsOwnTestCommandIncludingTheAccuracyCheck() throws Exception {
    // given a workspace holding the sample, as a checkout would
    SampleApp sample = SampleApp.copyTo(workspace);

    // when
    LocalProcess.Result result =
        LocalProcess.run(
            workspace, sample.config().test().command(), Map.of(), Duration.ofMinutes(3));

    // then
    assertThat(result.exitCode())
        .as("Expected the sample's tests to pass, but they said:%n%s", result.output())
        .isZero();
    Element suite = junitSuite(workspace.resolve("reports/junit.xml"));
    assertThat(Integer.parseInt(suite.getAttribute("tests"))).isGreaterThanOrEqualTo(20);
    assertThat(suite.getAttribute("failures")).isEqualTo("0");
    assertThat(suite.getAttribute("errors")).isEqualTo("0");
    assertThat(suite.getAttribute("skipped")).isEqualTo("0");
    assertThat(Files.readString(workspace.resolve("reports/junit.xml")))
        .contains("test_served_weights_are_measured_on_held_out_digits");
    // The accuracy check is the quality gate's now: the metrics the tests wrote pass it.
    ModelMetrics metrics =
        ModelMetrics.fromJson(
            Files.readString(workspace.resolve(sample.config().quality().metrics())));
    assertThat(metrics.get("accuracy")).hasValue(0.9694);
    assertThat(
            QualityGate.parse(sample.config().quality().gate())
                .check(metrics, ModelMetrics.none())
                .passed())
        .isTrue();
  }

  @Test
  void shouldDeclareTheDigestOfTheWeightsFileItServes() throws Exception {
    // given
    SampleApp sample = SampleApp.copyTo(workspace);

    // when
    String actual = SampleApp.sha256(sample.modelFile());

    // then
    assertThat(sample.config().model().sha256()).isEqualTo(actual);
  }

  @Test
  void shouldServeTheContractFromItsImageEntrypoint() throws Exception {
    // given the image's entrypoint, run in the workdir as the image would
    SampleApp sample = SampleApp.copyTo(workspace);
    assertThat(sample.config().image().files())
        .allSatisfy(f -> assertThat(workspace.resolve(f)).exists());
    int port = LocalProcess.freePort();
    Map<String, String> env =
        Map.of(
            "HOST",
            "127.0.0.1",
            "PORT",
            Integer.toString(port),
            "WORKERS",
            "1",
            "MODEL_PATH",
            workspace.resolve("model/weights.json").toString());
    Process server = LocalProcess.start(workspace, sample.config().image().entrypoint(), env);
    try {
      HttpClient http = HttpClient.newHttpClient();
      URI base = URI.create("http://127.0.0.1:" + port);

      // when
      HttpResponse<String> healthy =
          LocalProcess.awaitAnswer(
              http, base.resolve("/"), server, workspace.resolve("server.log"));
      HttpResponse<String> score =
          http.send(
              HttpRequest.newBuilder(base.resolve("/score"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofFile(workspace.resolve("smoke/score.json")))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      // then
      assertThat(healthy.statusCode()).isEqualTo(200);
      assertThat(healthy.body()).isEqualTo("Healthy");
      assertThat(score.statusCode()).isEqualTo(200);
      assertThat(score.body()).contains("\"label\":\"7\"").contains("\"timeMs\"");
    } finally {
      LocalProcess.stop(server);
    }
  }

  private static Element junitSuite(Path report) throws Exception {
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
    Element root = doc.getDocumentElement();
    return root.getTagName().equals("testsuite")
        ? root
        : (Element) root.getElementsByTagName("testsuite").item(0);
  }
}
