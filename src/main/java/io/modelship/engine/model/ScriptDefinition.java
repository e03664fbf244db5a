package io.modelship.engine.model;

import io.modelship.engine.feel.Expression;

/** {@code zeebe:script} of a script task: a FEEL expression and where its result goes (or null). */
public record ScriptDefinition(Expression expression, String resultVariable) {}
