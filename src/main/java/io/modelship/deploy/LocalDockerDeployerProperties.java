package io.modelship.deploy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The local Docker deployer, the stand-in for a cluster on one machine.
 *
 * @param healthPath the path probed until the new container answers (any status below 500)
 * @param healthTimeout how long the new container has to answer before the rollout fails
 * @param address the loopback address the app is told to listen on ({@code HOST})
 */
@ConfigurationProperties("modelship.deploy.local-docker")
public record LocalDockerDeployerProperties(
    @DefaultValue("/") String healthPath,
    @DefaultValue("PT60S") Duration healthTimeout,
    @DefaultValue("127.0.0.1") String address) {}
