package io.modelship.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Docker engine that the Docker-engine builder and the local Docker deployer talk to, through
 * docker-java only (no docker CLI, no BuildKit: the engine's classic builder).
 *
 * @param host the engine's address, e.g. {@code unix:///var/run/docker.sock}
 */
@ConfigurationProperties("modelship.docker")
public record DockerEngineProperties(@DefaultValue("unix:///var/run/docker.sock") String host) {

  /** A client for the engine; close it when done. */
  public DockerClient connect() {
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .connectionTimeout(Duration.ofSeconds(10))
            .responseTimeout(Duration.ofMinutes(30))
            .build();
    return DockerClientImpl.getInstance(config, http);
  }
}
