package io.modelship.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Microsoft Teams through a Workflows ("Post to a channel when a webhook request is received")
 * webhook, which takes Adaptive Cards only: a {@code message} with one attachment of content type
 * {@code application/vnd.microsoft.card.adaptive}, holding a card with the title, the text, the
 * facts as a FactSet and the links as {@code Action.OpenUrl} buttons.
 */
final class TeamsChannel implements NotificationChannel {

  static final String CARD_TYPE = "application/vnd.microsoft.card.adaptive";

  private final WebhookPost post;
  private final JsonMapper json;

  TeamsChannel(WebhookPost post, JsonMapper json) {
    this.post = post;
    this.json = json;
  }

  @Override
  public String type() {
    return "teams";
  }

  @Override
  public void deliver(Notification notification, ChannelTarget target, String deliveryId) {
    post.post(target, json.writeValueAsBytes(payload(notification)), Map.of());
  }

  static Map<String, Object> payload(Notification n) {
    List<Object> body = new ArrayList<>();
    body.add(
        Map.of(
            "type",
            "TextBlock",
            "text",
            n.title(),
            "weight",
            "Bolder",
            "size",
            "Medium",
            "wrap",
            true));
    body.add(Map.of("type", "TextBlock", "text", n.text(), "wrap", true));
    if (!n.facts().isEmpty()) {
      List<Object> facts = new ArrayList<>();
      n.facts().forEach((k, v) -> facts.add(Map.of("title", k, "value", v)));
      body.add(Map.of("type", "FactSet", "facts", facts));
    }
    List<Object> actions = new ArrayList<>();
    n.links()
        .forEach(
            (name, url) ->
                actions.add(
                    Map.of(
                        "type", "Action.OpenUrl", "title", SlackChannel.label(name), "url", url)));
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    card.put("body", body);
    card.put("actions", actions);
    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("contentType", CARD_TYPE);
    attachment.put("contentUrl", null);
    attachment.put("content", card);
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", "message");
    message.put("attachments", List.of(attachment));
    return message;
  }
}
