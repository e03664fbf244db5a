package io.modelship.engine.model;

import io.modelship.engine.feel.Expression;
import java.util.Map;

/**
 * A {@code zeebe:userTask}: each expression is null when the attribute is absent; {@code
 * candidateGroups} evaluates to a list or a comma-separated string.
 */
public record UserTaskDefinition(
    Expression assignee,
    Expression candidateGroups,
    Expression candidateUsers,
    Expression dueDate,
    Expression followUpDate,
    String formKey,
    Map<String, String> headers) {}
