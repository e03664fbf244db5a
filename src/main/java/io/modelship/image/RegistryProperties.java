package io.modelship.image;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The container registry images go to (Azure Container Registry in production). With no host, no
 * registry is configured: images are written as OCI tarballs and publishing is skipped.
 *
 * <p>The password never comes from a property: it is read, when needed, from the file {@code
 * passwordFile} or else from the environment variable named by {@code passwordEnv}.
 *
 * @param host the registry, e.g. {@code myregistry.azurecr.io} or {@code 127.0.0.1:5000}; empty for
 *     none
 * @param namespace an optional path prefix for repositories, e.g. {@code apps} gives {@code
 *     host/apps/<app>}
 * @param username the user: the ACR admin user, a service principal's application id, or {@code
 *     00000000-0000-0000-0000-000000000000} with an ACR refresh token as password; empty for
 *     anonymous access
 * @param passwordFile a file holding the password (e.g. a mounted Kubernetes secret)
 * @param passwordEnv the environment variable holding the password when there is no file
 * @param insecure accept the registry's TLS certificate without verifying it (a self-signed
 *     certificate on a local registry); credentials are still sent only over TLS
 */
@ConfigurationProperties("modelship.registry")
public record RegistryProperties(
    @DefaultValue("") String host,
    @DefaultValue("") String namespace,
    @DefaultValue("") String username,
    Path passwordFile,
    @DefaultValue("MODELSHIP_REGISTRY_PASSWORD") String passwordEnv,
    @DefaultValue("false") boolean insecure) {

  public RegistryProperties {
    host = host == null ? "" : host.strip();
    namespace = namespace == null ? "" : namespace.strip().replaceAll("^/+|/+$", "");
    username = username == null ? "" : username.strip();
  }

  /** True when a registry is configured. */
  public boolean enabled() {
    return !host.isEmpty();
  }

  /** The repository path inside the registry, e.g. {@code apps/model-api}. */
  public String repositoryPath(String app) {
    return namespace.isEmpty() ? app : namespace + "/" + app;
  }

  /** The full repository, e.g. {@code myregistry.azurecr.io/apps/model-api}. */
  public String repository(String app) {
    return host + "/" + repositoryPath(app);
  }
}
