package org.concert.arena;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.concert.protocol.v1.Journal;

/**
 * Replay files: a match journal on disk, in protobuf text format when the name ends in
 * {@code .textproto} or {@code .txtpb} (readable, diffable) and in the binary encoding otherwise
 * (compact).
 */
public final class ReplayFiles {
  private ReplayFiles() {}

  static boolean text(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".textproto") || name.endsWith(".txtpb");
  }

  public static void write(Path file, Journal journal) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (text(file)) {
      Files.writeString(file, "# proto-file: concert/v1/journal.proto\n"
          + "# proto-message: concert.v1.Journal\n" + TextFormat.printer().printToString(journal),
          StandardCharsets.UTF_8);
    } else {
      try (OutputStream out = Files.newOutputStream(file)) {
        journal.writeTo(out);
      }
    }
  }

  /**
   * Reads a replay file.
   *
   * @throws IOException if it cannot be read or is not a journal (the message says which)
   */
  public static Journal read(Path file) throws IOException {
    if (text(file)) {
      Journal.Builder b = Journal.newBuilder();
      try {
        TextFormat.merge(Files.readString(file, StandardCharsets.UTF_8), b);
      } catch (TextFormat.ParseException e) {
        throw new IOException(file + ":" + e.getLine() + ":" + e.getColumn() + ": "
            + e.getMessage(), e);
      }
      return b.build();
    }
    try (InputStream in = Files.newInputStream(file)) {
      return Journal.parseFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(file + " is not a Concert replay (" + e.getMessage() + ")", e);
    }
  }
}
