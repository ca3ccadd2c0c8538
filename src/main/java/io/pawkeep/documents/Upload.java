package io.pawkeep.documents;

import java.io.InputStream;

/**
 * One uploaded file as the client sent it: the type and name it declared (neither trusted: the type
 * is sniffed from the content, the name only ever displayed once cleaned) and its bytes.
 */
public record Upload(String declaredType, String originalName, InputStream content) {}
