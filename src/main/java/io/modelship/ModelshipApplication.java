package io.modelship;

import io.modelship.engine.EngineApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Modelship: CI/CD for AI applications, orchestrated as BPMN on Camunda 8. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ModelshipApplication {

  /** Starts Modelship, or with the {@code engine} profile only its embedded engine. */
  public static void main(String[] args) {
    SpringApplication.run(
        EngineApplication.isRequested(args) ? EngineApplication.class : ModelshipApplication.class,
        args);
  }
}
