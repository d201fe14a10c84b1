package org.concert.server.net;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.concert.protocol.v1.ClientMessage;
import org.concert.protocol.v1.Error;
import org.concert.protocol.v1.ErrorCode;
import org.concert.protocol.v1.ServerMessage;

/** The two envelope encodings (protobuf binary and proto3 JSON), and the transport's own errors. */
final class Envelopes {

  /** The WebSocket subprotocol for protobuf binary messages. */
  static final String PROTO_SUBPROTOCOL = "concert.v1.proto";
  /** The WebSocket subprotocol for proto3 JSON text messages. */
  static final String JSON_SUBPROTOCOL = "concert.v1.json";

  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final int LONGEST_DETAIL = 200;

  private Envelopes() {}

  /** An {@code Error} envelope answering {@code requestId} (0 when none could be read). */
  static ServerMessage error(long requestId, ErrorCode code, String message) {
    return ServerMessage.newBuilder()
        .setRequestId(requestId)
        .setError(Error.newBuilder().setCode(code).setMessage(message))
        .build();
  }

  /**
   * Reads one binary envelope; the buffer is only read, never released. Returns a {@link
   * ClientMessage} or, for bytes that do not parse, a {@link Rejected} that closes the connection.
   */
  static Object decodeBinary(ByteBuf frame) {
    try {
      ByteBuffer bytes = frame.nioBufferCount() == 1
          ? frame.nioBuffer()
          : ByteBuffer.wrap(ByteBufUtil.getBytes(frame));
      return ClientMessage.parseFrom(bytes);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return new Rejected(ErrorCode.ERROR_CODE_MALFORMED,
          "the frame is not a ClientMessage in the protobuf binary encoding", true);
    }
  }

  /** Encodes one envelope in the protobuf binary encoding, exactly sized. */
  static ByteBuf encodeBinary(ByteBufAllocator alloc, ServerMessage message) {
    return encode(alloc, message, false);
  }

  /**
   * Encodes one envelope as a whole TCP frame: its 4-byte big-endian length, then its protobuf
   * bytes, in one buffer (one piece for the socket's write, where a separate prefix is two).
   */
  static ByteBuf encodeFrame(ByteBufAllocator alloc, ServerMessage message) {
    return encode(alloc, message, true);
  }

  private static ByteBuf encode(ByteBufAllocator alloc, ServerMessage message, boolean prefixed) {
    int size = message.getSerializedSize();
    int prefix = prefixed ? Integer.BYTES : 0;
    ByteBuf out = alloc.ioBuffer(prefix + size, prefix + size);
    try {
      if (prefixed) {
        out.writeInt(size);
      }
      CodedOutputStream coded = CodedOutputStream.newInstance(out.nioBuffer(prefix, size));
      message.writeTo(coded);
      coded.checkNoSpaceLeft();
      out.writerIndex(prefix + size);
      return out;
    } catch (IOException e) {
      out.release();
      throw new UncheckedIOException("could not encode a " + message.getBodyCase() + " envelope", e);
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }

  /**
   * Reads one proto3 JSON envelope, ignoring unknown fields. Returns a {@link ClientMessage} or a
   * {@link Rejected} that closes the connection; the parser's explanation goes back to the client
   * (it is about the client's own text) but is never logged.
   */
  static Object decodeJson(String text) {
    try {
      ClientMessage.Builder builder = ClientMessage.newBuilder();
      PARSER.merge(text, builder);
      return builder.build();
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      String detail = e.getMessage() == null ? "" : ": " + shorten(e.getMessage());
      return new Rejected(ErrorCode.ERROR_CODE_MALFORMED,
          "the message is not a ClientMessage in the proto3 JSON mapping" + detail, true);
    }
  }

  /** Encodes one envelope in the proto3 JSON mapping, without insignificant whitespace. */
  static String encodeJson(ServerMessage message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("could not print a " + message.getBodyCase() + " envelope as JSON", e);
    }
  }

  private static String shorten(String s) {
    return s.length() <= LONGEST_DETAIL ? s : s.substring(0, LONGEST_DETAIL) + "…";
  }
}
