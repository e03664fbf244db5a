package io.modelship.image;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The daemonless Jib builder.
 *
 * @param cacheDirectory Jib's base-image and application-layer caches, and the staged models
 * @param outputDirectory where image tarballs go when no registry is configured: {@code
 *     <outputDirectory>/<runId>/image.tar}
 */
@ConfigurationProperties("modelship.image.jib")
public record JibImageBuilderProperties(
    @DefaultValue("data/jib-cache") Path cacheDirectory,
    @DefaultValue("data/images") Path outputDirectory) {}
