package io.pawkeep.security;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;

/**
 * A TLS ClientHello written byte by byte, so what a test offers (TLS 1.0, a CBC suite...) does not
 * depend on what this JVM's own TLS client would agree to send, and whatever refuses it can only be
 * the server. The answer is read up to the server's first handshake message or alert.
 */
final class HandRolledClientHello {

  static final int TLS_1_0 = 0x0301;
  static final int TLS_1_1 = 0x0302;
  static final int TLS_1_2 = 0x0303;

  /** The alerts a server sends when it refuses the offer (RFC 8446, section 6). */
  static final int HANDSHAKE_FAILURE = 40;

  static final int PROTOCOL_VERSION = 70;
  static final int INSUFFICIENT_SECURITY = 71;

  /** What the server answered: its ServerHello, a fatal alert, or nothing before closing. */
  record Answer(boolean serverHello, Integer alert) {
    static Answer closed() {
      return new Answer(false, null);
    }
  }

  private HandRolledClientHello() {}

  /** The bytes of a ClientHello offering {@code version} and only the given suites. */
  static byte[] bytes(int version, int... suites) {
    ByteArrayOutputStream hello = new ByteArrayOutputStream();
    short16(hello, version);
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    hello.writeBytes(random);
    hello.write(0); // no session id
    short16(hello, suites.length * 2);
    for (int suite : suites) {
      short16(hello, suite);
    }
    hello.write(1); // one compression method:
    hello.write(0); // none
    ByteArrayOutputStream extensions = new ByteArrayOutputStream();
    extension(extensions, 0x000a, 0x0004, 0x001d, 0x0017); // groups: x25519, secp256r1
    extension(extensions, 0x000d, 0x0006, 0x0804, 0x0401, 0x0403); // signature algorithms
    extensions.writeBytes(new byte[] {0x00, 0x0b, 0x00, 0x02, 0x01, 0x00}); // point formats
    extensions.writeBytes(new byte[] {(byte) 0xff, 0x01, 0x00, 0x01, 0x00}); // renegotiation
    short16(hello, extensions.size());
    hello.writeBytes(extensions.toByteArray());

    ByteArrayOutputStream record = new ByteArrayOutputStream();
    record.write(22); // handshake record
    short16(record, TLS_1_0); // the record version every client sends first
    short16(record, hello.size() + 4);
    record.write(1); // client_hello
    record.write(0);
    short16(record, hello.size());
    record.writeBytes(hello.toByteArray());
    return record.toByteArray();
  }

  /** Sends the hello to {@code localhost:port} and reads the server's first answer. */
  static Answer send(int port, byte[] hello) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("localhost", port), 5_000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(hello);
      socket.getOutputStream().flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int type = in.readUnsignedByte();
      in.readUnsignedShort(); // record version
      in.readUnsignedShort(); // length
      if (type == 22) {
        return new Answer(in.readUnsignedByte() == 2, null);
      }
      if (type == 21) {
        in.readUnsignedByte(); // level
        return new Answer(false, in.readUnsignedByte());
      }
      throw new IOException("unexpected TLS record type " + type);
    } catch (EOFException | java.net.SocketException e) {
      return Answer.closed();
    }
  }

  private static void extension(ByteArrayOutputStream out, int type, int... values) {
    short16(out, type);
    short16(out, values.length * 2);
    for (int value : values) {
      short16(out, value);
    }
  }

  private static void short16(ByteArrayOutputStream out, int value) {
    out.write((value >> 8) & 0xff);
    out.write(value & 0xff);
  }
}
