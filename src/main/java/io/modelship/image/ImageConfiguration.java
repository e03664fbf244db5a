package io.modelship.image;

import io.modelship.steplog.SecretValues;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the image builder and publisher: {@code modelship.image.builder=jib} (the default,
 * daemonless) or {@code docker} (a Docker engine building the app's Dockerfile).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  RegistryProperties.class,
  JibImageBuilderProperties.class,
  DockerImageBuilderProperties.class,
  DockerEngineProperties.class
})
class ImageConfiguration {

  @Bean
  @ConditionalOnProperty(
      name = "modelship.image.builder",
      havingValue = "jib",
      matchIfMissing = true)
  ImageBuilder jibImageBuilder(RegistryProperties registry, JibImageBuilderProperties properties) {
    return new JibImageBuilder(registry, properties, System::getenv);
  }

  @Bean
  @ConditionalOnProperty(
      name = "modelship.image.builder",
      havingValue = "jib",
      matchIfMissing = true)
  RegistryPublisher ociRegistryPublisher(RegistryProperties registry) {
    return new OciRegistryPublisher(registry, System::getenv);
  }

  @Bean
  @ConditionalOnProperty(name = "modelship.image.builder", havingValue = "docker")
  ImageBuilder dockerImageBuilder(
      DockerEngineProperties engine,
      RegistryProperties registry,
      DockerImageBuilderProperties properties) {
    return new DockerImageBuilder(engine, registry, properties, System::getenv);
  }

  @Bean
  @ConditionalOnProperty(name = "modelship.image.builder", havingValue = "docker")
  RegistryPublisher dockerRegistryPublisher(
      DockerEngineProperties engine, RegistryProperties registry) {
    return new DockerRegistryPublisher(engine, registry, System::getenv);
  }

  /**
   * The registry password, masked in every step log. Read once at start; a password that cannot be
   * read yet is not a start-up failure (the builder reports it when it needs it).
   */
  @Bean
  SecretValues registrySecrets(RegistryProperties registry) {
    List<String> values;
    try {
      values =
          RegistryCredentials.resolve(registry, System::getenv)
              .map(c -> List.of(c.password()))
              .orElse(List.of());
    } catch (IllegalStateException e) {
      values = List.of();
    }
    List<String> secrets = values;
    return () -> secrets;
  }
}
