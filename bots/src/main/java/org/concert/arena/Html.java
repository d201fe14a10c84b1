package org.concert.arena;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Text for the report page: every string that comes from a replay or a scenario goes through
 * {@link #text} (element content) or {@link #attr} (attribute values) on its way into the page,
 * so a power named {@code <script>} is shown, never run.
 */
final class Html {
  private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

  private Html() {}

  /** Escapes text for element content and for quoted attribute values alike. */
  static String text(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          // Control characters other than tab and newline have no place in a page.
          if (c < 0x20 && c != '\t' && c != '\n') {
            b.append('\uFFFD');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** Escapes an attribute value (the page always quotes attributes with {@code "}). */
  static String attr(String s) {
    return text(s);
  }

  /** A name usable in an {@code id}: letters, digits and dashes only. */
  static String slug(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toLowerCase(Locale.ROOT).toCharArray()) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        b.append(c);
      } else if (b.length() > 0 && b.charAt(b.length() - 1) != '-') {
        b.append('-');
      }
    }
    return b.length() == 0 ? "x" : b.toString();
  }

  /** The colour if it is a plain {@code #rrggbb}, else the fallback. */
  static String colour(String candidate, String fallback) {
    return candidate != null && COLOUR.matcher(candidate).matches()
        ? candidate.toUpperCase(Locale.ROOT) : fallback;
  }

  /** Relative luminance of a {@code #rrggbb} colour, 0 (black) to 1 (white). */
  static double luminance(String colour) {
    int rgb = Integer.parseInt(colour.substring(1), 16);
    return 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
  }

  private static double channel(int value) {
    double c = (value & 0xFF) / 255.0;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  /** Black or white, whichever reads better on the colour. */
  static String ink(String background) {
    return luminance(background) > 0.18 ? "#000000" : "#FFFFFF";
  }

  /** A number with a fixed number of decimals, never "-0". */
  static String num(double v, int decimals) {
    if (Double.isNaN(v)) {
      return "–";
    }
    String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
    return s.matches("-0(\\.0*)?") ? s.substring(1) : s;
  }

  /** A share 0 to 1 as a percentage with one decimal. */
  static String percent(double v) {
    return num(v * 100, 1) + "%";
  }

  /** A signed whole number: "+10", "−30" (a true minus sign), "0". */
  static String signed(int v) {
    return v > 0 ? "+" + v : v < 0 ? "\u2212" + (-(long) v) : "0";
  }
}
