package io.modelship.deploy;

import java.net.URI;

/**
 * An app running in an environment.
 *
 * @param environment where it runs
 * @param app the app's name
 * @param image the image pinned by digest
 * @param endpoint where smoke tests reach it
 * @param target which deployer ran it, e.g. {@code kubernetes} or {@code local-docker}
 */
public record Deployment(
    String environment, String app, String image, URI endpoint, String target) {}
