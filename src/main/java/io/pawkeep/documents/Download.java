package io.pawkeep.documents;

import java.util.UUID;

/**
 * What a download streams (FILE-3): the document and variant, the encrypted object, its sniffed
 * content type, the display name for {@code Content-Disposition} and the plaintext size.
 */
record Download(
    UUID documentId,
    Variant variant,
    StoredObject object,
    String contentType,
    String name,
    long size) {}
