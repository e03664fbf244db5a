package io.modelship.trigger;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
 * Azure DevOps' {@code git.push} service hook, sent with basic auth. Deliveries are de-duplicated
 * on the event's {@code id}; other event types are ignored.
 */
@RestController
class AzureDevOpsWebhookController {

  static final String SOURCE = "azure-devops";

  private final WebhookProperties secrets;
  private final PushHandling pushes;
  private final JsonMapper json;

  AzureDevOpsWebhookController(WebhookProperties secrets, PushHandling pushes, JsonMapper json) {
    this.secrets = secrets;
    this.pushes = pushes;
    this.json = json;
  }

  @PostMapping(path = "/webhooks/azure-devops")
  ResponseEntity<WebhookAnswer> receive(
      @RequestHeader(name = "Authorization", required = false) String authorization,
      @RequestBody(required = false) byte[] body) {
    if (!authorized(authorization)) {
      throw new WebhookRejectedException(
          HttpStatus.UNAUTHORIZED,
          "Expected the service hook's basic auth to match the configured user and password,"
              + " but it does not");
    }
    JsonNode event;
    try {
      event = json.readTree(body == null ? new byte[0] : body);
    } catch (JacksonException e) {
      throw new WebhookRejectedException(
          HttpStatus.BAD_REQUEST, "Expected a JSON service hook event, but the body is not JSON");
    }
    String type = event.path("eventType").asString("");
    if (!"git.push".equals(type)) {
      return ResponseEntity.ok(WebhookAnswer.ignored("event " + type + " does not build"));
    }
    JsonNode resource = event.path("resource");
    JsonNode update = resource.path("refUpdates").path(0);
    WebhookAnswer answer =
        pushes.push(
            SOURCE,
            event.path("id").asString(null),
            resource.path("repository").path("name").asString(null),
            update.path("name").asString(null),
            update.path("newObjectId").asString(null),
            app -> app.azureDevOpsRepository());
    return ResponseEntity.status(answer.started() ? HttpStatus.ACCEPTED : HttpStatus.OK)
        .body(answer);
  }

  private boolean authorized(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return false;
    }
    // Both compared, always, so the time taken does not tell which one was wrong.
    boolean user =
        SignatureVerifier.sameSecret(secrets.azureDevOpsUsername(), decoded.substring(0, colon));
    boolean password =
        SignatureVerifier.sameSecret(secrets.azureDevOpsPassword(), decoded.substring(colon + 1));
    return user & password;
  }
}
