package org.concert.server;

/**
 * The one piece of JSON the server and the command line write by hand: a string, quoted and
 * escaped (quotes, backslashes and control characters), for the few small documents that are
 * not protocol messages (JsonFormat prints those).
 */
public final class Json {
  private Json() {}

  /** `s` as a JSON string, quotes included. */
  public static String string(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(Character.forDigit(c >> 4, 16))
                .append(Character.forDigit(c & 0xf, 16));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
