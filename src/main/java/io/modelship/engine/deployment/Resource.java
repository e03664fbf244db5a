package io.modelship.engine.deployment;

/** One file of a deployment. */
public record Resource(String name, byte[] content) {}
