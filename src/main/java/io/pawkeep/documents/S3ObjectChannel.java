package io.pawkeep.documents;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only, seekable channel over an S3 object of known size (FILE-3): each read that falls
 * outside what was fetched last asks for one range (at least {@link #MIN_READ_AHEAD} bytes, or as
 * much as the reader wants, which for decryption is one 1 MiB segment), so a reader that seeks to
 * the middle of a file never downloads what lies before it.
 */
final class S3ObjectChannel implements SeekableByteChannel {

  /** Small reads (a stream header) still fetch this much, so the next few cost no request. */
  static final int MIN_READ_AHEAD = 64 * 1024;

  /** The largest single range asked for: a reader's buffer cannot make us hold more. */
  static final int MAX_READ_AHEAD = 4 * 1024 * 1024;

  /** Fetches the bytes {@code from}..{@code to} (both inclusive). */
  @FunctionalInterface
  interface Ranges {
    byte[] fetch(long from, long to) throws IOException;
  }

  private final long size;
  private final Ranges ranges;
  private long position;
  private long bufferStart;
  private byte[] buffer = new byte[0];
  private boolean open = true;

  S3ObjectChannel(long size, Ranges ranges) {
    this.size = size;
    this.ranges = ranges;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    if (position >= size) {
      return -1;
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    if (position < bufferStart || position >= bufferStart + buffer.length) {
      long wanted = Math.clamp(dst.remaining(), MIN_READ_AHEAD, MAX_READ_AHEAD);
      long to = Math.min(size, position + wanted) - 1;
      byte[] fetched = ranges.fetch(position, to);
      if (fetched.length != to - position + 1) {
        throw new IOException("the store answered a range of the wrong length");
      }
      buffer = fetched;
      bufferStart = position;
    }
    int offset = (int) (position - bufferStart);
    int count = Math.min(dst.remaining(), buffer.length - offset);
    dst.put(buffer, offset, count);
    position += count;
    return count;
  }

  @Override
  public long position() throws IOException {
    ensureOpen();
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    ensureOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException("a position cannot be negative");
    }
    position = newPosition;
    return this;
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    return size;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public SeekableByteChannel truncate(long newSize) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
    buffer = new byte[0];
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}
