package io.modelship.demo;

import io.camunda.client.CamundaClient;
import io.modelship.api.ApiSecurityProperties;
import io.modelship.deploy.Deployer;
import io.modelship.release.ReleaseLedger;
import io.modelship.release.StepRecords;
import io.modelship.steplog.StepLogs;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The demo, only with {@code modelship.demo.enabled=true} ({@code bin/run --demo}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "modelship.demo.enabled", havingValue = "true")
@EnableConfigurationProperties(DemoProperties.class)
class DemoConfiguration {

  @Bean
  DemoRun demoRun(
      DemoProperties demo,
      Environment env,
      ApiSecurityProperties api,
      StepRecords stepRecords,
      StepLogs stepLogs,
      ReleaseLedger ledger,
      ObjectProvider<Deployer> deployers,
      CamundaClient camunda) {
    return new DemoRun(demo, env, api, stepRecords, stepLogs, ledger, deployers, camunda);
  }
}
