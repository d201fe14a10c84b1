package org.concert.server.net;

import java.util.concurrent.CompletableFuture;

/**
 * Files made on request by the core (exports for the host), served under {@code /download/}.
 * The router hands over the path and the bearer token of the {@code Authorization} header, and
 * writes the answer when the future completes, on whatever thread; the event loop never waits.
 */
public interface Downloads {
  /** An answer: a status, and for 200 a file. */
  record Answer(int status, String contentType, String fileName, byte[] body) {
    public static Answer text(int status, String message) {
      return new Answer(status, "text/plain; charset=utf-8", "",
          (message + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** @param path the path after {@code /download/} */
  CompletableFuture<Answer> get(String path, String bearerToken);

  /** No downloads: every path is 404. */
  Downloads NONE = (path, token) -> CompletableFuture.completedFuture(
      Answer.text(404, "Nothing to download here."));
}
