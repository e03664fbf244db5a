package io.modelship.trigger;

import io.modelship.steplog.SecretValues;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The model-published triggers (docs/model-delivery.md). Give the secrets through the environment;
 * they never reach a log line, a process variable or an answer.
 *
 * @param eventGridKey the shared secret that Event Grid deliveries carry, in the {@code key} query
 *     parameter of the subscription's endpoint URL or in an {@code X-Modelship-Key} delivery
 *     header; without it every Event Grid delivery is refused
 * @param webhookSecret the HMAC-SHA256 secret of {@code /webhooks/model-published}; without it
 *     every delivery there is refused
 * @param stageOnPublish apps whose published models go to staging right after (a release of the app
 *     starts, which rebuilds with the new model, checks the quality gate and deploys to staging);
 *     the others get a model-only build
 */
@ConfigurationProperties("modelship.model-delivery")
public record ModelDeliveryProperties(
    String eventGridKey, String webhookSecret, List<String> stageOnPublish)
    implements SecretValues {

  public ModelDeliveryProperties {
    stageOnPublish = stageOnPublish == null ? List.of() : List.copyOf(stageOnPublish);
  }

  @Override
  public Collection<String> values() {
    return Stream.of(eventGridKey, webhookSecret).filter(Objects::nonNull).toList();
  }

  @Override
  public String toString() {
    return "ModelDeliveryProperties[secrets hidden, stageOnPublish=" + stageOnPublish + "]";
  }
}
