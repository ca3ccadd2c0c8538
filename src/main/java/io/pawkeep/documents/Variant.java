package io.pawkeep.documents;

/** Which stored object of a document: the file itself or its thumbnail. */
public enum Variant {
  FILE,
  THUMBNAIL
}
