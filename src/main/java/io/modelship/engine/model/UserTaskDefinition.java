package io.modelship.engine.model;

import io.modelship.engine.feel.Expression;
import java.util.Map;

/**
 * A {@code zeebe:userTask}: each expression is null when the attribute is absent; {@code
 * candidateGroups} evaluates to a list or a comma-separated string. {@code form} is the linked
 * Camunda Form, or null; {@code externalFormReference} a form the engine does not hold (a custom
 * form key or external reference), or null.
 */
public record UserTaskDefinition(
    Expression assignee,
    Expression candidateGroups,
    Expression candidateUsers,
    Expression dueDate,
    Expression followUpDate,
    FormLink form,
    String externalFormReference,
    Map<String, String> headers) {}
