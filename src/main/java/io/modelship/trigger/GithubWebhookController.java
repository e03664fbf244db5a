package io.modelship.trigger;

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
 * GitHub's push webhook: {@code push} builds, {@code ping} answers, other events are ignored. The
 * raw body must carry a valid {@code X-Hub-Signature-256}; deliveries are de-duplicated on {@code
 * X-GitHub-Delivery}.
 */
@RestController
class GithubWebhookController {

  static final String SOURCE = "github";

  private final WebhookProperties secrets;
  private final PushHandling pushes;
  private final JsonMapper json;

  GithubWebhookController(WebhookProperties secrets, PushHandling pushes, JsonMapper json) {
    this.secrets = secrets;
    this.pushes = pushes;
    this.json = json;
  }

  @PostMapping(path = "/webhooks/github")
  ResponseEntity<WebhookAnswer> receive(
      @RequestHeader(name = "X-GitHub-Event", required = false) String event,
      @RequestHeader(name = "X-GitHub-Delivery", required = false) String delivery,
      @RequestHeader(name = "X-Hub-Signature-256", required = false) String signature,
      @RequestBody(required = false) byte[] body) {
    byte[] raw = body == null ? new byte[0] : body;
    if (!SignatureVerifier.verifies(secrets.githubSecret(), raw, signature)) {
      throw new WebhookRejectedException(
          HttpStatus.UNAUTHORIZED,
          "Expected X-Hub-Signature-256 to be the HMAC-SHA256 of the body under the configured"
              + " secret, but it is "
              + (signature == null ? "missing" : "not"));
    }
    if ("ping".equals(event)) {
      return ResponseEntity.ok(WebhookAnswer.ignored("pong"));
    }
    if (!"push".equals(event)) {
      return ResponseEntity.ok(WebhookAnswer.ignored("event " + event + " does not build"));
    }
    JsonNode push;
    try {
      push = json.readTree(raw);
    } catch (JacksonException e) {
      throw new WebhookRejectedException(
          HttpStatus.BAD_REQUEST, "Expected a JSON push event, but the body is not JSON");
    }
    WebhookAnswer answer =
        pushes.push(
            SOURCE,
            delivery,
            text(push.path("repository").path("full_name")),
            text(push.path("ref")),
            push.path("deleted").asBoolean(false) ? null : text(push.path("after")),
            app -> app.githubRepository());
    return ResponseEntity.status(answer.started() ? HttpStatus.ACCEPTED : HttpStatus.OK)
        .body(answer);
  }

  private static String text(JsonNode node) {
    return node.isString() ? node.asString() : null;
  }
}
