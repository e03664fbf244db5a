package io.modelship;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Modelship: CI/CD for AI applications, orchestrated as BPMN on Camunda 8. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ModelshipApplication {

  public static void main(String[] args) {
    SpringApplication.run(ModelshipApplication.class, args);
  }
}
