package io.modelship.notify;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One notification as every channel renders it. It holds no secret: it is stored in the outbox and
 * sent as it is to generic webhooks.
 *
 * @param event the event's name, e.g. {@code approval-pending}
 * @param app the app, or null when the run concerns no single app
 * @param runId the run it is about
 * @param title one line, e.g. "model-api waits for approval"
 * @param text a sentence or two
 * @param facts short name-value pairs in display order (image, commit, model, reason)
 * @param links name to URL in display order: {@code run}, and {@code approval} when someone must
 *     act
 * @param occurredAt when it happened (ISO-8601)
 */
public record Notification(
    String event,
    String app,
    String runId,
    String title,
    String text,
    Map<String, String> facts,
    Map<String, String> links,
    String occurredAt) {

  public Notification {
    facts = facts == null ? Map.of() : new LinkedHashMap<>(facts);
    links = links == null ? Map.of() : new LinkedHashMap<>(links);
  }
}
