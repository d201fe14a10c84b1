package org.concert.server.net;

import java.util.Objects;
import org.concert.protocol.v1.ErrorCode;

/**
 * A frame that arrived whole but could not be read as a {@code ClientMessage}. Decoders pass it
 * along the pipeline in place of an envelope so that the connection answers it in order with the
 * rest; {@code closes} says whether the connection ends with the answer.
 *
 * @param code the error code of the answer
 * @param message the answer's sentence (never containing the client's bytes)
 * @param closes whether the connection is closed after the answer
 */
record Rejected(ErrorCode code, String message, boolean closes) {
  Rejected {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
