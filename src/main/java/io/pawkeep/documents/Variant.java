package io.pawkeep.documents;

/** Which bytes of a document a download link names: the file itself or its thumbnail (FILE-3). */
public enum Variant {
  FILE,
  THUMBNAIL
}
