package io.modelship.image;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code registry} health contributor, part of readiness, exists only when a registry is
 * configured ({@code modelship.registry.host}); without one, images go to OCI tarballs and no
 * registry needs to answer.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${modelship.registry.host:}'.isBlank()")
class RegistryHealthConfiguration {

  @Bean
  RegistryHealthIndicator registryHealthIndicator(RegistryProperties registry) {
    return new RegistryHealthIndicator(registry);
  }
}
