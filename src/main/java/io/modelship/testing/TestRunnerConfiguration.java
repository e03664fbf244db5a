package io.modelship.testing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the test runner: {@code modelship.testing.runner} = {@code process} or {@code container}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  TestRunnerConfiguration.TestRunnerProperties.class,
  ProcessTestRunnerProperties.class,
  DockerTestRunnerProperties.class
})
class TestRunnerConfiguration {

  /**
   * {@code modelship.testing.*}.
   *
   * @param runner {@code process} (default: the tests run next to Modelship, without its
   *     environment) or {@code container} (the tests run in the app's base image through a Docker
   *     engine, for untrusted code)
   */
  @ConfigurationProperties("modelship.testing")
  record TestRunnerProperties(@DefaultValue("process") String runner) {}

  @Bean
  TestRunner testRunner(
      TestRunnerProperties properties,
      ProcessTestRunnerProperties process,
      DockerTestRunnerProperties container) {
    return switch (properties.runner()) {
      case "process" -> new ProcessTestRunner(process);
      case "container" -> new DockerTestRunner(container);
      default ->
          throw new IllegalStateException(
              "Expected modelship.testing.runner to be 'process' or 'container', but it was '"
                  + properties.runner()
                  + "'");
    };
  }
}
