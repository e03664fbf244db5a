package io.modelship.model;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code modelship.models.cache.*}: the local content-addressed model cache.
 *
 * @param root the cache folder, relative to the working directory unless absolute
 */
@ConfigurationProperties("modelship.models.cache")
public record ModelCacheProperties(@DefaultValue("data/model-cache") Path root) {}
