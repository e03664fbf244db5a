package io.modelship.testing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code modelship.testing.container.*}: the app's tests in a container of its base image.
 *
 * @param dockerHost the Docker engine, e.g. {@code unix:///var/run/docker.sock} or {@code
 *     tcp://127.0.0.1:2375}
 * @param network the container's network: {@code none} (default) keeps the tests off the network;
 *     {@code bridge} or {@code host} give them one
 * @param memory the container's memory limit
 * @param cpus the container's CPU limit
 * @param pullMissing whether a base image missing from the engine is pulled first
 */
@ConfigurationProperties("modelship.testing.container")
public record DockerTestRunnerProperties(
    @DefaultValue("unix:///var/run/docker.sock") String dockerHost,
    @DefaultValue("none") String network,
    @DefaultValue("2GB") DataSize memory,
    @DefaultValue("1.0") double cpus,
    @DefaultValue("true") boolean pullMissing) {}
