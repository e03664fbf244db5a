package io.modelship.deploy;

import io.modelship.image.DockerEngineProperties;
import io.modelship.image.RegistryProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The targets for running anywhere: {@code modelship.deploy.target=local-process}, {@code dry-run},
 * or {@code auto} (the default), which picks among the local Docker engine, a local process and a
 * dry run at each deploy. ({@link DeployConfiguration} has {@code local-docker} and {@code
 * kubernetes}.)
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  DeployTargetProperties.class,
  LocalProcessDeployerProperties.class,
  DryRunDeployerProperties.class
})
class LocalTargetsConfiguration {

  @Bean
  @ConditionalOnProperty(name = "modelship.deploy.target", havingValue = "local-process")
  Deployer localProcessDeployer(LocalProcessDeployerProperties properties) {
    return new LocalProcessDeployer(properties);
  }

  @Bean
  @ConditionalOnProperty(name = "modelship.deploy.target", havingValue = "dry-run")
  Deployer dryRunDeployer(DryRunDeployerProperties properties) {
    return new DryRunDeployer(properties);
  }

  @Bean
  @ConditionalOnProperty(
      name = "modelship.deploy.target",
      havingValue = "auto",
      matchIfMissing = true)
  Deployer autoDeployer(
      DeployTargetProperties targets,
      DockerEngineProperties docker,
      RegistryProperties registry,
      LocalDockerDeployerProperties localDocker,
      LocalProcessDeployerProperties localProcess,
      DryRunDeployerProperties dryRun) {
    return new AutoDeployer(
        targets.auto().order(),
        docker,
        new LocalDockerDeployer(docker, registry, localDocker, System::getenv),
        new LocalProcessDeployer(localProcess),
        new DryRunDeployer(dryRun));
  }
}
