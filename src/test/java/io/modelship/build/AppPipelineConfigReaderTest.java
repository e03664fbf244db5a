package io.modelship.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppPipelineConfigReaderTest {

  static final String DESIGN_EXAMPLE =
      """
      app: model-api
      releaseBranch: main
      model:
        uri: azblob://acmemodels/models/digits/weights.json
        sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
        path: /app/model/weights.json
      test:
        command: ["python3", "-m", "pytest", "-q", "--junitxml=reports/junit.xml"]
        timeout: PT10M
        reports: "reports/*.xml"
      image:
        base: python:3.12-slim
        workdir: /app
        files: ["app.py", "driver.py", "wsgi.py"]
        entrypoint: ["gunicorn", "-b", "0.0.0.0:8080", "wsgi:app"]
        port: 8080
        env: {}
        dockerfile: Dockerfile
      deploy:
        manifests: k8s/
      smoke:
        - {method: GET, path: /, status: 200, bodyContains: Healthy}
        - {method: POST, path: /score, bodyFile: smoke/score.json, status: 200, jsonPath: "$.predictions[0].label"}
      """;

  private final AppPipelineConfigReader reader = new AppPipelineConfigReader();

  @Test
  void shouldReadTheExampleFromTheDesign() {
    // when
    AppPipelineConfig config = reader.parse(DESIGN_EXAMPLE);

    // then
    assertThat(config.app()).isEqualTo("model-api");
    assertThat(config.releaseBranch()).isEqualTo("main");
    assertThat(config.model().uri()).isEqualTo("azblob://acmemodels/models/digits/weights.json");
    assertThat(config.model().path()).isEqualTo("/app/model/weights.json");
    assertThat(config.test().command()).startsWith("python3", "-m", "pytest");
    assertThat(config.test().timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.image().files()).containsExactly("app.py", "driver.py", "wsgi.py");
    assertThat(config.image().port()).isEqualTo(8080);
    assertThat(config.deploy().manifests()).isEqualTo("k8s/");
    assertThat(config.smoke()).hasSize(2);
    assertThat(config.smoke().get(1).jsonPath()).isEqualTo("$.predictions[0].label");
    assertThat(config.smoke().get(1).bodyFile()).isEqualTo("smoke/score.json");
  }

  @Test
  void shouldGiveEmptyListsAndNullOptionalsForAMinimalFile() {
    AppPipelineConfig config =
        reader.parse(
            """
            app: tiny
            model: {uri: "file:models/w.bin", path: /m/w.bin}
            test: {command: ["true"]}
            image: {base: busybox}
            """);

    assertThat(config.releaseBranch()).isNull();
    assertThat(config.model().sha256()).isNull();
    assertThat(config.test().timeout()).isNull();
    assertThat(config.image().files()).isEmpty();
    assertThat(config.image().env()).isEmpty();
    assertThat(config.smoke()).isEmpty();
    assertThat(config.image().port()).isZero();
    assertThat(config.deploy()).isNull();
  }

  @Test
  void shouldNameAMissingRequiredField() {
    assertInvalid(DESIGN_EXAMPLE.replace("  path: /app/model/weights.json\n", ""))
        .hasMessageContaining("Expected field 'model.path' to be set, but it is missing");
    assertInvalid("app: x\n")
        .hasMessageContaining("Expected field 'model' to be set, but it is missing");
  }

  @Test
  void shouldNameAFieldWithABadPatternAndWhatWasExpected() {
    assertInvalid(DESIGN_EXAMPLE.replace("app: model-api", "app: Model API"))
        .hasMessageContaining(
            "Expected field 'app' to be 1 to 40 lowercase letters, digits or '-', but it was 'Model API'");
    assertInvalid(DESIGN_EXAMPLE.replace("timeout: PT10M", "timeout: 10 minutes"))
        .hasMessageContaining("field 'test.timeout'")
        .hasMessageContaining("ISO-8601 duration");
    assertInvalid(DESIGN_EXAMPLE.replace("9f86d081", "9F86D081"))
        .hasMessageContaining("Expected field 'model.sha256' to be 64 lowercase hex digits");
  }

  @Test
  void shouldNameAFieldOfTheWrongType() {
    assertInvalid(DESIGN_EXAMPLE.replace("port: 8080", "port: eighty"))
        .hasMessageContaining(
            "Expected field 'image.port' to be an integer, but it was the string 'eighty'");
    assertInvalid(
            DESIGN_EXAMPLE.replace(
                "files: [\"app.py\", \"driver.py\", \"wsgi.py\"]", "files: app.py"))
        .hasMessageContaining("Expected field 'image.files' to be a list");
  }

  @Test
  void shouldRejectUnknownFieldsByName() {
    assertInvalid(
            DESIGN_EXAMPLE.replace(
                "releaseBranch: main", "releaseBranch: main\nreleasebranch: dev"))
        .hasMessageContaining("Expected only known fields in the file, but found 'releasebranch'");
  }

  @Test
  void shouldRejectPathsThatLeaveTheRepository() {
    assertInvalid(DESIGN_EXAMPLE.replace("manifests: k8s/", "manifests: ../other/k8s"))
        .hasMessageContaining(
            "Expected field 'deploy.manifests' to be a path relative to the repository root");
    assertInvalid(DESIGN_EXAMPLE.replace("\"app.py\",", "\"/etc/passwd\","))
        .hasMessageContaining("field 'image.files[0]'");
    assertInvalid(DESIGN_EXAMPLE.replace("workdir: /app", "workdir: app"))
        .hasMessageContaining("field 'image.workdir' to be an absolute path");
  }

  @Test
  void shouldNameAWrongSmokeCheck() {
    assertInvalid(DESIGN_EXAMPLE.replace("{method: GET, path: /,", "{method: FETCH, path: /,"))
        .hasMessageContaining("Expected field 'smoke[0].method' to be one of");
  }

  @Test
  void shouldRejectBrokenYamlWithItsLine() {
    assertInvalid("app: [unclosed\nmodel: x\n")
        .hasMessageContaining("Expected .modelship.yaml to be valid YAML, but")
        .hasMessageContaining("line");
  }

  @Test
  void shouldRejectDuplicateKeys() {
    assertInvalid(DESIGN_EXAMPLE + "app: again\n")
        .hasMessageContaining("Duplicate Object property \"app\"");
  }

  @Test
  void shouldRejectAnEmptyFileAndANonMapping() {
    assertInvalid("").hasMessageContaining("it is empty");
    assertInvalid("- a\n- b\n").hasMessageContaining("Expected the file to be a mapping");
  }

  @Test
  void shouldRejectAMissingOrHugeFile(@TempDir Path repo) throws Exception {
    assertThatThrownBy(() -> reader.read(repo))
        .isInstanceOf(BusinessOutcomeException.class)
        .hasMessage("Expected a file .modelship.yaml at the repository root, but there is none");

    Files.writeString(repo.resolve(".modelship.yaml"), "#".repeat(70_000));
    assertThatThrownBy(() -> reader.read(repo)).hasMessageContaining("to be at most 65536 bytes");
  }

  @Test
  void shouldRejectAModelUriThatTriesToLeaveItsContainer() {
    assertInvalid(
            DESIGN_EXAMPLE.replace(
                "azblob://acmemodels/models/digits/weights.json",
                "azblob://acmemodels/models/../keys/k"))
        .hasMessageContaining("Expected field 'model.uri' to be a safe model URI, but")
        .hasMessageContaining("'..'");
  }

  @Test
  void shouldRejectAZeroTimeout() {
    assertInvalid(DESIGN_EXAMPLE.replace("timeout: PT10M", "timeout: PT0S"))
        .hasMessageContaining("Expected field 'test.timeout' to be longer than zero");
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(String yaml) {
    return assertThatThrownBy(() -> reader.parse(yaml))
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
  }
}
