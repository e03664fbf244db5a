package io.modelship.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Slack incoming webhooks: a {@code text} (the fallback for notifications) and Block Kit blocks
 * with the title, the facts and the links in Slack's {@code <url|label>} form.
 */
final class SlackChannel implements NotificationChannel {

  private final WebhookPost post;
  private final JsonMapper json;

  SlackChannel(WebhookPost post, JsonMapper json) {
    this.post = post;
    this.json = json;
  }

  @Override
  public String type() {
    return "slack";
  }

  @Override
  public void deliver(Notification notification, ChannelTarget target, String deliveryId) {
    post.post(target, json.writeValueAsBytes(payload(notification)), Map.of());
  }

  static Map<String, Object> payload(Notification n) {
    StringBuilder body = new StringBuilder("*").append(escape(n.title())).append("*\n");
    body.append(escape(n.text()));
    n.facts()
        .forEach(
            (k, v) ->
                body.append("\n• ").append(escape(k)).append(": `").append(escape(v)).append('`'));
    List<String> links = new ArrayList<>();
    n.links().forEach((name, url) -> links.add("<" + url + "|" + label(name) + ">"));
    List<Object> blocks = new ArrayList<>();
    blocks.add(section(body.toString()));
    if (!links.isEmpty()) {
      blocks.add(section(String.join("  |  ", links)));
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("text", n.title());
    payload.put("blocks", blocks);
    return payload;
  }

  static String label(String link) {
    return switch (link) {
      case "approval" -> "Approve or reject";
      case "run" -> "Open the run";
      default -> link;
    };
  }

  private static Map<String, Object> section(String mrkdwn) {
    return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", mrkdwn));
  }

  /** Slack's three control characters in mrkdwn. */
  private static String escape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
