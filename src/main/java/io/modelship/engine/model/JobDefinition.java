package io.modelship.engine.model;

import io.modelship.engine.feel.Expression;
import java.util.Map;

/** {@code zeebe:taskDefinition} and {@code zeebe:taskHeaders} of a job-worker task. */
public record JobDefinition(Expression type, Expression retries, Map<String, String> headers) {}
