package org.concert.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Seat, host and bot tokens: 128 random bits, URL-safe. The server keeps only their SHA-256
 * hashes (in memory and in the journal), compares hashes in constant time, and never logs a
 * token.
 */
final class Tokens {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] CODE = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

  private Tokens() {}

  static String newToken() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A short join code people can read aloud: no 0/O or 1/I. */
  static String newCode(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(CODE[RANDOM.nextInt(CODE.length)]);
    }
    return sb.toString();
  }

  static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Constant-time comparison of two hashes. */
  static boolean same(String hashA, String hashB) {
    return MessageDigest.isEqual(hashA.getBytes(StandardCharsets.US_ASCII),
        hashB.getBytes(StandardCharsets.US_ASCII));
  }
}
