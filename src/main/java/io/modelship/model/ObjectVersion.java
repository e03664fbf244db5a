package io.modelship.model;

/**
 * What identifies one version of a stored object without reading it.
 *
 * @param changeToken the ETag (Azure, S3) or size-and-modified-time (files); used only to tell
 *     whether the object changed, never as a content hash
 * @param size bytes
 */
public record ObjectVersion(String changeToken, long size) {}
