package io.modelship.engine;

import java.util.Arrays;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The engine alone (the {@code engine} profile): only {@code io.modelship.engine} is scanned, so
 * none of the pipeline's workers, API or ledger is created, and the auto-configurations they need
 * (data source, Flyway, security, the Camunda client), and those of the console and the API's
 * documentation (Thymeleaf, SpringDoc and its Swagger UI), are left out.
 *
 * <p>It is deliberately not a {@code @SpringBootConfiguration}: tests look for exactly one of those
 * under {@code io.modelship}. Under any other profile the application's own scan skips it.
 */
@Configuration(proxyBeanMethods = false)
@Profile(EngineApplication.PROFILE)
@ComponentScan("io.modelship.engine")
@EnableAutoConfiguration(
    excludeName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
      "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
      "io.camunda.client.spring.configuration.CamundaAutoConfiguration",
      "org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration",
      "org.springdoc.core.configuration.SpringDocConfiguration",
      "org.springdoc.core.configuration.SpringDocSpecPropertiesConfiguration",
      "org.springdoc.core.configuration.SpringDocSecurityConfiguration",
      "org.springdoc.core.configuration.SpringDocWebServerConfiguration.EmbeddedWebServerConfiguration",
      "org.springdoc.webmvc.core.configuration.SpringDocWebMvcConfiguration",
      "org.springdoc.webmvc.core.configuration.MultipleOpenApiSupportConfiguration",
      "org.springdoc.webmvc.ui.SwaggerConfig"
    })
@ConfigurationPropertiesScan("io.modelship.engine")
public class EngineApplication {

  static final String PROFILE = "engine";

  /**
   * Whether the {@code engine} profile is asked for on the command line, as a system property or in
   * the environment ({@code SPRING_PROFILES_ACTIVE}).
   */
  public static boolean isRequested(String[] args) {
    String fromArgs =
        Arrays.stream(args)
            .filter(a -> a.startsWith("--spring.profiles.active="))
            .map(a -> a.substring("--spring.profiles.active=".length()))
            .reduce("", (a, b) -> a + "," + b);
    String all =
        fromArgs
            + ","
            + System.getProperty("spring.profiles.active", "")
            + ","
            + System.getenv().getOrDefault("SPRING_PROFILES_ACTIVE", "");
    return Arrays.stream(all.split(",")).map(String::strip).anyMatch(PROFILE::equals);
  }
}
