package io.pawkeep.documents;

import java.util.UUID;

/**
 * What the download route needs to stream one object of a document the caller may read: the stored
 * object (tenant, id, sealed key), the type to serve it with, the display name and the plaintext
 * size.
 */
record Download(
    UUID documentId,
    Variant variant,
    StoredObject object,
    String contentType,
    String name,
    long size) {}
