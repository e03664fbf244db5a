package io.modelship.trigger;

import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * Reads an Event Grid delivery in either schema: the Event Grid schema (a JSON array of events with
 * {@code id}, {@code eventType}, {@code subject}, {@code data}) or CloudEvents 1.0 (one event, or a
 * batch array, with {@code specversion}, {@code id}, {@code type}, {@code source}, {@code data}).
 * Every event is checked before any is handled, so a malformed delivery changes nothing.
 */
final class EventGridEvents {

  static final String BLOB_CREATED = "Microsoft.Storage.BlobCreated";
  static final String VALIDATION = "Microsoft.EventGrid.SubscriptionValidationEvent";

  /**
   * One event.
   *
   * @param type the event type ({@code eventType}, or CloudEvents' {@code type})
   * @param data its {@code data} object
   */
  record Event(String id, String type, JsonNode data) {

    boolean validation() {
      return VALIDATION.equals(type);
    }

    boolean blobCreated() {
      return BLOB_CREATED.equals(type);
    }

    /** The blob's URL of a BlobCreated event ({@code data.url}). */
    String blobUrl() {
      return text(data.path("url"));
    }
  }

  private EventGridEvents() {}

  /** The delivery's events, each with an id, a type and a data object. */
  static List<Event> read(JsonNode body) {
    List<JsonNode> nodes = new ArrayList<>();
    if (body.isArray()) {
      body.forEach(nodes::add);
    } else if (body.isObject()) {
      nodes.add(body);
    } else {
      throw malformed("Expected a JSON array of events or one CloudEvent, but found " + kind(body));
    }
    if (nodes.isEmpty()) {
      throw malformed("Expected at least one event, but the delivery holds none");
    }
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      events.add(event(nodes.get(i), i));
    }
    return events;
  }

  private static Event event(JsonNode node, int index) {
    String where = "event " + index;
    if (!node.isObject()) {
      throw malformed("Expected " + where + " to be an object, but found " + kind(node));
    }
    boolean cloudEvent = node.has("specversion");
    if (cloudEvent && !"1.0".equals(text(node.path("specversion")))) {
      throw malformed(
          "Expected "
              + where
              + " to be a CloudEvent of specversion 1.0, but it is "
              + node.path("specversion"));
    }
    String id = text(node.path("id"));
    String type = text(node.path(cloudEvent ? "type" : "eventType"));
    if (id == null || type == null) {
      throw malformed(
          "Expected "
              + where
              + " to have 'id' and '"
              + (cloudEvent ? "type" : "eventType")
              + "' strings, but "
              + (id == null ? "'id'" : "the type")
              + " is missing");
    }
    JsonNode data = node.path("data");
    Event event = new Event(id, type, data);
    if (!data.isObject() && (event.blobCreated() || event.validation())) {
      throw malformed(
          "Expected " + where + " (" + type + ") to have a data object, but it has none");
    }
    if (event.blobCreated() && event.blobUrl() == null) {
      throw malformed("Expected " + where + " (" + type + ") to have data.url, but it has none");
    }
    if (event.validation() && text(data.path("validationCode")) == null) {
      throw malformed("Expected " + where + " to have data.validationCode, but it has none");
    }
    return event;
  }

  static String text(JsonNode node) {
    return node != null && node.isString() && !node.asString().isBlank() ? node.asString() : null;
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().toString().toLowerCase();
  }

  private static WebhookRejectedException malformed(String message) {
    return new WebhookRejectedException(HttpStatus.BAD_REQUEST, message);
  }
}
