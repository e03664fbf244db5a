package io.modelship.engine.state;

import com.fasterxml.jackson.databind.JsonNode;

/** A variable, local to the element instance (or process instance) {@code scopeKey}. */
public record Variable(
    long key, long scopeKey, long processInstanceKey, String name, JsonNode value)
    implements InstanceRecord {}
