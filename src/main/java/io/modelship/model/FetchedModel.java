package io.modelship.model;

import java.nio.file.Path;

/**
 * A model in the local cache.
 *
 * @param uri the URI it was fetched from
 * @param file the cached file; treat it as read-only
 * @param sha256 lowercase hex SHA-256 of the content, computed by Modelship from the bytes it wrote
 *     (never taken from an ETag)
 * @param size bytes
 * @param bytesTransferred model bytes moved over the network for this fetch; 0 on a cache hit
 */
public record FetchedModel(
    String uri, Path file, String sha256, long size, long bytesTransferred) {}
