package io.modelship.trigger;

import io.modelship.steplog.SecretValues;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The webhooks' own secrets. Give them through the environment; they never reach a log line, a
 * process variable or an answer (they are masked in step logs and in what is sent to the engine).
 *
 * @param githubSecret the secret of the GitHub webhook, for {@code X-Hub-Signature-256}; without it
 *     every GitHub delivery is refused
 * @param azureDevOpsUsername the basic-auth user of the Azure DevOps service hook
 * @param azureDevOpsPassword its password; without it every Azure DevOps delivery is refused
 */
@ConfigurationProperties("modelship.webhooks")
public record WebhookProperties(
    String githubSecret, String azureDevOpsUsername, String azureDevOpsPassword)
    implements SecretValues {

  @Override
  public Collection<String> values() {
    return Arrays.asList(githubSecret, azureDevOpsPassword).stream()
        .filter(Objects::nonNull)
        .toList();
  }

  @Override
  public String toString() {
    return "WebhookProperties[secrets hidden]";
  }
}
