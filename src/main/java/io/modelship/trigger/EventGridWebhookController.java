package io.modelship.trigger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Azure Event Grid's webhook for {@code Microsoft.Storage.BlobCreated}, in the Event Grid schema or
 * as CloudEvents 1.0. Every request carries the shared secret ({@code ?key=} in the subscription's
 * endpoint URL, or an {@code X-Modelship-Key} delivery header). It answers the subscription
 * validation event with its {@code validationCode} (the synchronous handshake, so the {@code
 * validationUrl} need not be visited) and the CloudEvents abuse-protection {@code OPTIONS} request
 * with {@code WebHook-Allowed-Origin}. Events are de-duplicated by id: Event Grid redelivers until
 * it gets a 2xx.
 */
@RestController
class EventGridWebhookController {

  static final String SOURCE = "eventgrid";
  static final String PATH = "/webhooks/eventgrid";

  private final ModelDeliveryProperties properties;
  private final ModelPublishing publishing;
  private final JsonMapper json;

  EventGridWebhookController(
      ModelDeliveryProperties properties, ModelPublishing publishing, JsonMapper json) {
    this.properties = properties;
    this.publishing = publishing;
    this.json = json;
  }

  /** CloudEvents 1.0 abuse protection: the validation request before deliveries. */
  @RequestMapping(path = PATH, method = RequestMethod.OPTIONS)
  ResponseEntity<Void> allowDelivery(
      @RequestParam(name = "key", required = false) String key,
      @RequestHeader(name = "X-Modelship-Key", required = false) String headerKey,
      @RequestHeader(name = "WebHook-Request-Origin", required = false) String origin) {
    authenticate(key, headerKey);
    if (origin == null || origin.isBlank()) {
      throw new WebhookRejectedException(
          HttpStatus.BAD_REQUEST,
          "Expected a WebHook-Request-Origin header (CloudEvents abuse protection), but there is"
              + " none");
    }
    return ResponseEntity.ok()
        .header("WebHook-Allowed-Origin", origin)
        .header("WebHook-Allowed-Rate", "*")
        .header(HttpHeaders.ALLOW, "POST, OPTIONS")
        .build();
  }

  @PostMapping(path = PATH)
  ResponseEntity<Object> receive(
      @RequestParam(name = "key", required = false) String key,
      @RequestHeader(name = "X-Modelship-Key", required = false) String headerKey,
      @RequestHeader(name = "aeg-event-type", required = false) String aegEventType,
      @RequestBody(required = false) byte[] body) {
    authenticate(key, headerKey);
    JsonNode tree;
    try {
      tree = json.readTree(body == null ? new byte[0] : body);
    } catch (JacksonException e) {
      throw new WebhookRejectedException(
          HttpStatus.BAD_REQUEST,
          "Expected an Event Grid delivery as JSON, but the body is not JSON");
    }
    if (tree == null || tree.isMissingNode()) {
      throw new WebhookRejectedException(
          HttpStatus.BAD_REQUEST, "Expected an Event Grid delivery as JSON, but the body is empty");
    }
    List<EventGridEvents.Event> events = EventGridEvents.read(tree);
    // aeg-event-type: SubscriptionValidation marks the handshake; the event type says it too.
    if ("SubscriptionValidation".equalsIgnoreCase(aegEventType)
        || events.stream().anyMatch(EventGridEvents.Event::validation)) {
      EventGridEvents.Event validation =
          events.stream()
              .filter(EventGridEvents.Event::validation)
              .findFirst()
              .orElseThrow(
                  () ->
                      new WebhookRejectedException(
                          HttpStatus.BAD_REQUEST,
                          "Expected a "
                              + EventGridEvents.VALIDATION
                              + " event, but there is none"));
      return ResponseEntity.ok(
          Map.of(
              "validationResponse",
              EventGridEvents.text(validation.data().path("validationCode"))));
    }
    List<ModelEventAnswer> answers = new ArrayList<>();
    for (EventGridEvents.Event event : events) {
      if (!event.blobCreated()) {
        answers.add(
            ModelEventAnswer.ignored(
                event.id(), null, "event type " + event.type() + " builds nothing"));
        continue;
      }
      answers.addAll(
          publishing.publish(
              new PublishedModel(SOURCE, event.id(), event.blobUrl(), null, "webhook:" + SOURCE)));
    }
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("events", answers));
  }

  private void authenticate(String key, String headerKey) {
    String presented = headerKey != null ? headerKey : key;
    if (!SignatureVerifier.sameSecret(properties.eventGridKey(), presented)) {
      throw new WebhookRejectedException(
          HttpStatus.UNAUTHORIZED,
          "Expected the configured Event Grid key in ?key= or X-Modelship-Key, but it is "
              + (presented == null ? "missing" : "not"));
    }
  }
}
