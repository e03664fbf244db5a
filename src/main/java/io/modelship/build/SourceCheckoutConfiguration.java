package io.modelship.build;

import io.modelship.steplog.SecretMasker;
import io.modelship.steplog.SecretValues;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The source checkout and the pipeline-file reader. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JGitSourceCheckoutProperties.class)
class SourceCheckoutConfiguration {

  @Bean
  AppPipelineConfigReader appPipelineConfigReader() {
    return new AppPipelineConfigReader();
  }

  @Bean
  JGitSourceCheckout sourceCheckout(
      JGitSourceCheckoutProperties properties,
      AppPipelineConfigReader reader,
      SecretMasker masker) {
    return new JGitSourceCheckout(properties, reader, masker);
  }

  /** The git token, for masking in step logs. */
  @Bean
  SecretValues sourceCheckoutSecrets(JGitSourceCheckoutProperties properties) {
    return () -> properties.token() == null ? List.of() : List.of(properties.token());
  }
}
