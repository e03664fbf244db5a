package io.modelship.trigger;

/**
 * A model that a trigger announced as published.
 *
 * @param source which trigger: {@code eventgrid}, {@code model-webhook} or {@code api}
 * @param eventId the announcement's id, de-duplicated per source
 * @param uri where the model was published: {@code https://ACCOUNT.blob.core.windows.net/...},
 *     {@code azblob://...}, {@code s3://...} or {@code file:...}; a query string (a SAS token) is
 *     dropped before anything sees it
 * @param sha256 the model's digest as the sender states it, or null; checked against the model
 * @param startedBy who announced it, for the run's record
 */
public record PublishedModel(
    String source, String eventId, String uri, String sha256, String startedBy) {

  /** How the ledger names the announcement (no secret: ids only). */
  String modelEvent() {
    String label = source + ":" + eventId;
    return label.length() > 200 ? label.substring(0, 200) : label;
  }
}
