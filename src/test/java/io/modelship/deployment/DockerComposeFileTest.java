package io.modelship.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml}, checked with Debian's {@code docker-compose} 1.29 (no engine needed:
 * {@code config} only reads and validates the file). Nothing of the stack can run on this machine.
 */
class DockerComposeFileTest {

  static final Path COMPOSE = Path.of("/usr/bin/docker-compose");
  static final Map<String, String> PASSWORD = Map.of("MODELSHIP_API_PASSWORD", "not-a-real-one");

  @Test
  void shouldBeValidForDockerCompose() throws Exception {
    // when
    LocalProcess.Result result = compose(PASSWORD, "config", "-q");

    // then
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void shouldRefuseToStartWithoutTheApiPasswordFromTheEnvironment() throws Exception {
    // given an environment without it, whatever the caller's has
    Map<String, String> env = new HashMap<>();
    env.put("MODELSHIP_API_PASSWORD", null);

    // when
    LocalProcess.Result result = compose(env, "config", "-q");

    // then
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("set MODELSHIP_API_PASSWORD");
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldRunCamunda88WithItsStoresAndModelshipOnLoopbackPortsOnly() throws Exception {
    // given
    LocalProcess.Result result = compose(PASSWORD, "config");
    assertThat(result.exitCode()).as(result.output()).isZero();

    // when
    Map<String, Object> services =
        (Map<String, Object>) new Yaml().<Map<String, Object>>load(result.output()).get("services");

    // then
    assertThat(services)
        .containsOnlyKeys("elasticsearch", "camunda", "azurite", "s3", "registry", "modelship");
    String camunda = (String) ((Map<String, Object>) services.get("camunda")).get("image");
    assertThat(camunda).startsWith("camunda/camunda:8.");
    assertThat(Integer.parseInt(camunda.split(":")[1].split("\\.")[1])).isGreaterThanOrEqualTo(8);
    assertThat(((Map<String, Object>) services.get("modelship")).get("image"))
        .isEqualTo(System.getProperty("modelship.image"));
    services.forEach(
        (name, service) -> {
          List<String> ports = (List<String>) ((Map<String, Object>) service).get("ports");
          if (ports != null) {
            assertThat(ports)
                .as("published ports of %s", name)
                .allMatch(p -> p.startsWith("127.0.0.1:"));
          }
        });
  }

  @Test
  void shouldKeepSecretsOutOfModelshipsComposeConfiguration() throws Exception {
    // given the configuration file the compose file mounts into Modelship
    String config = Files.readString(Path.of("compose/application.yaml"));

    // then it names no password, key or token value of its own: those come from the environment
    assertThat(config).doesNotContainIgnoringCase("password").doesNotContain("AccountKey");
    assertThat(config).contains("connection-string: ${AZURITE_CONNECTION_STRING}");
  }

  private static LocalProcess.Result compose(Map<String, String> env, String... args)
      throws Exception {
    assertThat(COMPOSE).as("Expected Debian's docker-compose (run bin/setup)").isExecutable();
    List<String> command = new ArrayList<>(List.of(COMPOSE.toString(), "-f", "docker-compose.yml"));
    command.addAll(List.of(args));
    return LocalProcess.run(Path.of("."), command, env, Duration.ofMinutes(1));
  }
}
