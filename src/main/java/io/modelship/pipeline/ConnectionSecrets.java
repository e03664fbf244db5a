package io.modelship.pipeline;

import io.modelship.steplog.SecretValues;
import java.util.List;
import java.util.Objects;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The secrets of Modelship's own connections, masked like every other configured secret: the
 * ledger's database password and the Camunda client's credentials (a Camunda 8 cluster's client
 * secret or password, and key and trust store passwords). Whichever way they are given (file,
 * system property or environment), they never reach a step log or a process variable.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionSecrets {

  static final List<String> PROPERTIES =
      List.of(
          "spring.datasource.password",
          "camunda.client.auth.client-secret",
          "camunda.client.auth.password",
          "camunda.client.auth.keystore-password",
          "camunda.client.auth.keystore-key-password",
          "camunda.client.auth.truststore-password");

  @Bean
  SecretValues connectionSecretValues(Environment environment) {
    List<String> values =
        PROPERTIES.stream().map(environment::getProperty).filter(Objects::nonNull).toList();
    return () -> values;
  }
}
