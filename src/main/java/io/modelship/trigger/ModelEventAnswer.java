package io.modelship.trigger;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a model-published trigger did with one announcement for one app.
 *
 * @param eventId the announcement's id
 * @param app the app whose model it is; null when no app uses the model
 * @param runId the model-only build, or the release when the app stages on publish
 * @param kind {@code build} or {@code release}; null when nothing started
 * @param duplicate true when this event or this model was seen before and nothing new started
 * @param ignored why nothing started, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelEventAnswer(
    String eventId, String app, String runId, String kind, Boolean duplicate, String ignored) {

  static ModelEventAnswer started(String eventId, String app, String runId, String kind) {
    return new ModelEventAnswer(eventId, app, runId, kind, null, null);
  }

  static ModelEventAnswer duplicate(String eventId, String app, String runId) {
    return new ModelEventAnswer(
        eventId, app, runId == null || runId.isEmpty() ? null : runId, null, true, null);
  }

  static ModelEventAnswer ignored(String eventId, String app, String why) {
    return new ModelEventAnswer(eventId, app, null, null, null, why);
  }
}
