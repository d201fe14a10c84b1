package org.concert.server.net;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.concert.protocol.v1.ClientMessage;
import org.concert.protocol.v1.Ping;
import org.concert.protocol.v1.ServerMessage;

/** A plain blocking client of the TCP transport: 4-byte big-endian length, then one envelope. */
final class TcpClient implements AutoCloseable {

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private TcpClient(Socket socket) throws IOException {
    this.socket = socket;
    this.socket.setSoTimeout(5_000);
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  static TcpClient connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    return new TcpClient(socket);
  }

  /** A client with a tiny receive buffer, for playing a reader that falls behind. */
  static TcpClient connectWithReceiveBuffer(int port, int bytes) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(bytes);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    return new TcpClient(socket);
  }

  static ClientMessage ping(long requestId, long nonce) {
    return ClientMessage.newBuilder().setRequestId(requestId).setPing(Ping.newBuilder().setNonce(nonce)).build();
  }

  static byte[] frame(ClientMessage message) {
    byte[] body = message.toByteArray();
    return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
  }

  void send(ClientMessage message) throws IOException {
    sendRaw(frame(message));
  }

  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The next envelope; fails on end of stream or after 5 s. */
  ServerMessage read() throws IOException {
    int length = in.readInt();
    if (length < 0 || length > 64 * 1024) {
      throw new IOException("the server announced a frame of " + length + " bytes");
    }
    byte[] body = new byte[length];
    in.readFully(body);
    return ServerMessage.parseFrom(body);
  }

  /** Every envelope until the server closes the connection; fails if it has not within the timeout. */
  List<ServerMessage> readUntilClosed(Duration timeout) throws IOException {
    List<ServerMessage> messages = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      int left = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      socket.setSoTimeout(left);
      try {
        messages.add(read());
      } catch (EOFException e) {
        return messages;
      } catch (SocketException e) {
        return messages; // reset: closed all the same
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the server did not close the connection within " + timeout
            + " (read " + messages.size() + " messages)");
      }
    }
  }

  /** True if the server has closed the connection (reads to the end, discarding). */
  boolean isClosedByServer(Duration timeout) throws IOException {
    try {
      readUntilClosed(timeout);
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
