package io.modelship.image;

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
}
