package io.modelship.engine.model;

import io.modelship.engine.feel.Expression;

/** A message event: the message name and the {@code zeebe:subscription} correlation key. */
public record MessageDefinition(Expression name, Expression correlationKey) {}
