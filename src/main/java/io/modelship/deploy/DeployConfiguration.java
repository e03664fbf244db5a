package io.modelship.deploy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.modelship.image.DockerEngineProperties;
import io.modelship.image.RegistryProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the deployer: {@code modelship.deploy.target=local-docker} (a Docker engine on this
 * machine) or {@code kubernetes} (fabric8, server-side apply); and the HTTP smoke tester. The
 * default, {@code auto}, and the other local targets are in {@link LocalTargetsConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  SmokeTestProperties.class,
  LocalDockerDeployerProperties.class,
  KubernetesDeployerProperties.class
})
class DeployConfiguration {

  @Bean
  SmokeTester httpSmokeTester(SmokeTestProperties properties) {
    return new HttpSmokeTester(properties);
  }

  @Bean
  @ConditionalOnProperty(name = "modelship.deploy.target", havingValue = "local-docker")
  Deployer localDockerDeployer(
      DockerEngineProperties engine,
      RegistryProperties registry,
      LocalDockerDeployerProperties properties) {
    return new LocalDockerDeployer(engine, registry, properties, System::getenv);
  }

  /** fabric8 finds the cluster as kubectl does: kubeconfig, or the pod's service account. */
  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "modelship.deploy.target", havingValue = "kubernetes")
  KubernetesClient kubernetesClient() {
    return new KubernetesClientBuilder().build();
  }

  @Bean
  @ConditionalOnProperty(name = "modelship.deploy.target", havingValue = "kubernetes")
  Deployer kubernetesDeployer(KubernetesClient client, KubernetesDeployerProperties properties) {
    return new KubernetesDeployer(client, properties);
  }
}
