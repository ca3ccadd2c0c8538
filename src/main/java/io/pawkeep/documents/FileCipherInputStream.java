package io.pawkeep.documents;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;

/**
 * Encrypts while it is read, without a thread or a pipe: each read pulls a chunk of plaintext
 * through Tink's encrypting stream, which hands over each sealed segment as it completes; at the
 * end of the plaintext the last segment is sealed. At most one segment is held in memory.
 */
final class FileCipherInputStream extends InputStream {

  /** Makes the encrypting stream around the sink it writes its ciphertext to. */
  interface Encryption {
    OutputStream around(OutputStream sink) throws GeneralSecurityException, IOException;
  }

  /** Where the encrypting stream writes: drained by each read. */
  private static final class Sink extends ByteArrayOutputStream {
    private byte[] take() {
      byte[] bytes = toByteArray();
      reset();
      return bytes;
    }
  }

  private static final int CHUNK = 64 * 1024;

  private final Sink sink = new Sink();
  private final OutputStream encrypting;
  private final InputStream plaintext;
  private final byte[] chunk = new byte[CHUNK];
  private byte[] ready = new byte[0];
  private int position;
  private final long expected;
  private long consumed;
  private boolean sealed;

  /** Encrypts exactly {@code expected} bytes of plaintext: fewer or more fail the read. */
  FileCipherInputStream(Encryption encryption, InputStream plaintext, long expected)
      throws GeneralSecurityException, IOException {
    this.encrypting = encryption.around(sink);
    this.plaintext = plaintext;
    this.expected = expected;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (position == ready.length) {
      if (sealed) {
        return -1;
      }
      int n = plaintext.read(chunk);
      consumed += Math.max(n, 0);
      // The announced ciphertext length follows from the announced plaintext size: a stream that
      // ends early or runs on must fail, never store a cut or a cut-off file.
      if (consumed > expected || (n < 0 && consumed != expected)) {
        throw new IOException("expected " + expected + " bytes of plaintext, got " + consumed);
      }
      if (n < 0) {
        encrypting.close();
        sealed = true;
      } else {
        encrypting.write(chunk, 0, n);
      }
      ready = sink.take();
      position = 0;
    }
    int n = Math.min(length, ready.length - position);
    System.arraycopy(ready, position, buffer, offset, n);
    position += n;
    return n;
  }

  @Override
  public void close() throws IOException {
    plaintext.close();
  }
}
