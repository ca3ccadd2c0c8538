package io.pawkeep.backup;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * A table's {@code COPY} bytes inside a backup: chunks of at most {@value #SIZE} bytes, each after
 * its length, ended by an empty chunk, digested as they pass. The length of a table is never needed
 * in advance, so nothing is held in memory.
 */
final class Chunks {

  static final int SIZE = 256 * 1024;

  private Chunks() {}

  static final class Writer extends OutputStream {
    private final DataOutputStream out;
    private final MessageDigest digest;
    private final byte[] buffer = new byte[SIZE];
    private int used;

    Writer(DataOutputStream out, MessageDigest digest) {
      this.out = out;
      this.digest = digest;
    }

    @Override
    public void write(int b) throws IOException {
      if (used == SIZE) {
        emit();
      }
      buffer[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (used == SIZE) {
          emit();
        }
        int n = Math.min(len, SIZE - used);
        System.arraycopy(b, off, buffer, used, n);
        used += n;
        off += n;
        len -= n;
      }
    }

    /** Writes what is left and the end mark; the underlying stream stays open. */
    void finish() throws IOException {
      emit();
      out.writeInt(0);
    }

    private void emit() throws IOException {
      if (used > 0) {
        digest.update(buffer, 0, used);
        out.writeInt(used);
        out.write(buffer, 0, used);
        used = 0;
      }
    }
  }

  static final class Reader extends InputStream {
    private final DataInputStream in;
    private final MessageDigest digest;
    private int left;
    private boolean ended;

    Reader(DataInputStream in, MessageDigest digest) {
      this.in = in;
      this.digest = digest;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!next()) {
        return -1;
      }
      int n = in.read(b, off, Math.min(len, left));
      if (n < 0) {
        throw new java.io.EOFException("the backup ends inside a table");
      }
      digest.update(b, off, n);
      left -= n;
      return n;
    }

    /** Reads to the end mark, whatever the consumer left. */
    void drain() throws IOException {
      byte[] skip = new byte[8192];
      while (read(skip, 0, skip.length) >= 0) {
        // digested as read
      }
    }

    private boolean next() throws IOException {
      while (left == 0 && !ended) {
        int length = in.readInt();
        if (length < 0 || length > SIZE) {
          throw new java.io.IOException("the backup's table data is malformed");
        }
        ended = length == 0;
        left = length;
      }
      return left > 0;
    }
  }
}
