package io.modelship.engine.model;

import io.modelship.engine.feel.Expression;

/** {@code zeebe:calledElement} of a call activity. */
public record CalledElement(
    Expression processId,
    boolean propagateAllChildVariables,
    boolean propagateAllParentVariables) {}
