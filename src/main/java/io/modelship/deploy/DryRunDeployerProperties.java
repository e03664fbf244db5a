package io.modelship.deploy;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The dry-run target, which deploys nothing.
 *
 * @param outputDirectory where the rendered manifests go ({@code DIR/<environment>/<app>-<digest
 *     prefix>.yaml}), relative to the working directory
 */
@ConfigurationProperties("modelship.deploy.dry-run")
public record DryRunDeployerProperties(@DefaultValue("data/dry-run") Path outputDirectory) {}
