package io.modelship.image;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Docker-engine builder.
 *
 * @param outputDirectory where {@code docker save} tarballs go when no registry is configured:
 *     {@code <outputDirectory>/<runId>/image.tar}
 */
@ConfigurationProperties("modelship.image.docker")
public record DockerImageBuilderProperties(@DefaultValue("data/images") Path outputDirectory) {}
