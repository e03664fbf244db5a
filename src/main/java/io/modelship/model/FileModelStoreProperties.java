package io.modelship.model;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code modelship.models.file.*}: models in a local folder, for local runs.
 *
 * @param root the folder that {@code file:RELATIVE/PATH} URIs are resolved against, relative to the
 *     working directory unless absolute
 */
@ConfigurationProperties("modelship.models.file")
public record FileModelStoreProperties(@DefaultValue("models") Path root) {}
