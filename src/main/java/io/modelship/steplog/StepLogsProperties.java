package io.modelship.steplog;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code modelship.step-logs.*}: where step logs are kept, and extra values to mask in them.
 *
 * @param store {@code folder} (default) or {@code blob}
 * @param maskedValues secret values to mask besides those Modelship's parts declare themselves
 */
@ConfigurationProperties("modelship.step-logs")
public record StepLogsProperties(@DefaultValue("folder") String store, List<String> maskedValues) {

  public StepLogsProperties {
    maskedValues = maskedValues == null ? List.of() : List.copyOf(maskedValues);
  }
}
