package io.modelship.trigger;

import io.swagger.v3.oas.annotations.Operation;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * "A model was published", from anything that is not Event Grid: the signed webhook {@code
 * /webhooks/model-published} (HMAC-SHA256 of the raw body in {@code X-Modelship-Signature-256}, as
 * GitHub signs; for S3 via EventBridge API destinations, MLflow registry webhooks or scripts), and
 * {@code POST /api/models/published} for the trigger role. The body: {@code {"uri": "...",
 * "sha256": "..." (optional), "id": "..." (the delivery id; or the X-Modelship-Delivery header)}}.
 */
@RestController
class ModelPublishedController {

  static final String WEBHOOK_SOURCE = "model-webhook";
  static final String API_SOURCE = "api";

  private final ModelDeliveryProperties properties;
  private final ModelPublishing publishing;
  private final JsonMapper json;

  ModelPublishedController(
      ModelDeliveryProperties properties, ModelPublishing publishing, JsonMapper json) {
    this.properties = properties;
    this.publishing = publishing;
    this.json = json;
  }

  @PostMapping(path = "/webhooks/model-published")
  ResponseEntity<Object> webhook(
      @RequestHeader(name = "X-Modelship-Signature-256", required = false) String signature,
      @RequestHeader(name = "X-Modelship-Delivery", required = false) String delivery,
      @RequestBody(required = false) byte[] body) {
    byte[] raw = body == null ? new byte[0] : body;
    if (!SignatureVerifier.verifies(properties.webhookSecret(), raw, signature)) {
      throw new WebhookRejectedException(
          HttpStatus.UNAUTHORIZED,
          "Expected X-Modelship-Signature-256 to be the HMAC-SHA256 of the body under the"
              + " configured secret, but it is "
              + (signature == null ? "missing" : "not"));
    }
    JsonNode event = read(raw);
    String id = delivery != null ? delivery : EventGridEvents.text(event.path("id"));
    return answer(
        publishing.publish(
            new PublishedModel(
                WEBHOOK_SOURCE,
                id,
                EventGridEvents.text(event.path("uri")),
                sha256(event),
                "webhook:" + WEBHOOK_SOURCE)));
  }

  @Operation(summary = "A model was published: build the apps that use it (once per digest)")
  @PostMapping(path = "/api/models/published")
  ResponseEntity<Object> api(@RequestBody(required = false) byte[] body, Principal user) {
    JsonNode event = read(body == null ? new byte[0] : body);
    String id = EventGridEvents.text(event.path("id"));
    return answer(
        publishing.publish(
            new PublishedModel(
                API_SOURCE,
                id == null ? UUID.randomUUID().toString() : id,
                EventGridEvents.text(event.path("uri")),
                sha256(event),
                user.getName())));
  }

  private JsonNode read(byte[] raw) {
    JsonNode event;
    try {
      event = json.readTree(raw);
    } catch (JacksonException e) {
      throw new WebhookRejectedException(
          HttpStatus.BAD_REQUEST, "Expected a JSON object with 'uri', but the body is not JSON");
    }
    if (event == null || !event.isObject()) {
      throw new WebhookRejectedException(
          HttpStatus.BAD_REQUEST, "Expected a JSON object with 'uri', but the body is not one");
    }
    return event;
  }

  private static String sha256(JsonNode event) {
    JsonNode node = event.path("sha256");
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    String sha = EventGridEvents.text(node);
    if (sha == null || !sha.matches("[0-9a-f]{64}")) {
      throw new WebhookRejectedException(
          HttpStatus.BAD_REQUEST,
          "Expected 'sha256' to be 64 lowercase hex digits, but it was " + node);
    }
    return sha;
  }

  private static ResponseEntity<Object> answer(List<ModelEventAnswer> answers) {
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("events", answers));
  }
}
