package io.modelship.trigger;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The webhooks' own secrets. Give them through the environment; they never reach a log line, a
 * process variable or an answer.
 *
 * @param githubSecret the secret of the GitHub webhook, for {@code X-Hub-Signature-256}; without it
 *     every GitHub delivery is refused
 * @param azureDevOpsUsername the basic-auth user of the Azure DevOps service hook
 * @param azureDevOpsPassword its password; without it every Azure DevOps delivery is refused
 */
@ConfigurationProperties("modelship.webhooks")
public record WebhookProperties(
    String githubSecret, String azureDevOpsUsername, String azureDevOpsPassword) {

  @Override
  public String toString() {
    return "WebhookProperties[secrets hidden]";
  }
}
