package org.concert.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void string_quotesAndEscapesWhatJsonRequires_andNothingElse() {
    assertEquals("\"Metternich\"", Json.string("Metternich"));
    assertEquals("\"a \\\"quoted\\\" \\\\ back\"", Json.string("a \"quoted\" \\ back"));
    assertEquals("\"tab\\u0009new\\u000aline\\u001f\"", Json.string("tab\tnew\nline\u001f"));
    assertEquals("\"Ö – 東京 </script>\"", Json.string("Ö – 東京 </script>"));
  }
}
