package io.modelship.steplog;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code modelship.step-logs.folder.*}: step logs as files.
 *
 * @param root the folder, relative to the working directory unless absolute
 */
@ConfigurationProperties("modelship.step-logs.folder")
public record FolderStepLogsProperties(@DefaultValue("data/step-logs") Path root) {}
