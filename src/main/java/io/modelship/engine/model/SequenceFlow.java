package io.modelship.engine.model;

import io.modelship.engine.feel.Expression;

/** A sequence flow; {@code condition} is null when the flow is unconditional. */
public record SequenceFlow(String id, String sourceId, String targetId, Expression condition) {}
