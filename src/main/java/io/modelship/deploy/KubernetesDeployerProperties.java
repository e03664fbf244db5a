package io.modelship.deploy;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kubernetes deployer (AKS in production), through fabric8 and the cluster credentials fabric8
 * finds (kubeconfig, or the pod's service account in the cluster).
 *
 * @param namespaces the namespace of each environment, e.g. {@code staging: model-staging}; an
 *     environment not listed uses its own name
 * @param endpoints where smoke tests reach the app in each environment, e.g. {@code production:
 *     https://model-api.example.com}; an environment not listed uses the Service's cluster address,
 *     {@code http://<service>.<namespace>.svc.cluster.local:<port>}
 * @param rolloutTimeout how long a rollout may take before it is {@code ROLLOUT_FAILED}
 * @param pollInterval how often the Deployment's status is read while waiting
 */
@ConfigurationProperties("modelship.deploy.kubernetes")
public record KubernetesDeployerProperties(
    @DefaultValue Map<String, String> namespaces,
    @DefaultValue Map<String, String> endpoints,
    @DefaultValue("PT5M") Duration rolloutTimeout,
    @DefaultValue("PT2S") Duration pollInterval) {

  public KubernetesDeployerProperties {
    namespaces = namespaces == null ? Map.of() : Map.copyOf(namespaces);
    endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
  }

  String namespace(String environment) {
    return namespaces.getOrDefault(environment, environment);
  }
}
