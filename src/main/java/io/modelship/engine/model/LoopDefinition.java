package io.modelship.engine.model;

import io.modelship.engine.feel.Expression;

/**
 * Multi-instance characteristics. {@code outputCollection} and {@code outputElement} are both null
 * or both set; {@code inputElement} may be null.
 */
public record LoopDefinition(
    boolean sequential,
    Expression inputCollection,
    String inputElement,
    String outputCollection,
    Expression outputElement) {}
