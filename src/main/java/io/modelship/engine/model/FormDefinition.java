package io.modelship.engine.model;

/**
 * A Camunda Form as deployed: its {@code id}, its {@code versionTag} (null when it has none) and
 * its schema, the resource's JSON as given.
 */
public record FormDefinition(String formId, String versionTag, String schema) {}
