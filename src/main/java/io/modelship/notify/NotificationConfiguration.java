package io.modelship.notify;

import io.modelship.steplog.SecretValues;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The SMTP password of e-mail notifications is masked like every other configured secret. */
@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

  @Bean
  SecretValues mailSecretValues(Environment environment) {
    List<String> values =
        Stream.of(environment.getProperty("spring.mail.password"))
            .filter(Objects::nonNull)
            .toList();
    return () -> values;
  }
}
