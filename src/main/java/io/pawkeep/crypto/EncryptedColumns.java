package io.pawkeep.crypto;

import java.util.List;

/** The encrypted columns of one module, declared as a bean so key rotation reaches them all. */
public record EncryptedColumns(List<EncryptedColumn> columns) {

  public EncryptedColumns {
    columns = List.copyOf(columns);
  }
}
