package org.concert.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginPolicyTest {

  private final OriginPolicy sameHost = new OriginPolicy(List.of());
  private final OriginPolicy listed = new OriginPolicy(List.of("https://concert.example", "http://localhost:5173/"));

  @ParameterizedTest(name = "Origin {0} with Host {1}: {2}")
  @CsvSource(nullValues = "NONE", value = {
      "http://game.example:8080, game.example:8080, true",
      "HTTP://Game.Example:8080, game.example:8080, true",
      "http://game.example, game.example, true",
      "http://game.example:80, game.example, true",
      "https://game.example, game.example:443, true",
      "https://game.example, game.example, true",
      "http://[::1]:8080, [::1]:8080, true",
      "NONE, game.example:8080, true",
      "http://evil.example, game.example:8080, false",
      "http://game.example:9090, game.example:8080, false",
      "https://game.example, game.example:80, false",
      "http://game.example.evil.example:8080, game.example:8080, false",
      "null, game.example:8080, false",
      "file://game.example, game.example, false",
      "http://game.example:8080, NONE, false",
      "http://user@game.example:8080, game.example:8080, false",
  })
  void allows_withNoListedOrigins_meansTheServersOwnHost(String origin, String host, boolean allowed) {
    assertEquals(allowed, sameHost.allows(origin, host));
  }

  @ParameterizedTest(name = "Origin {0}: {1}")
  @CsvSource(nullValues = "NONE", value = {
      "https://concert.example, true",
      "https://concert.example:443, true",
      "http://localhost:5173, true",
      "http://concert.example, false",
      "https://concert.example:8443, false",
      "http://localhost:5174, false",
      "NONE, true",
  })
  void allows_withListedOrigins_meansExactlyThose(String origin, boolean allowed) {
    assertEquals(allowed, listed.allows(origin, "concert.example"));
  }

  @ParameterizedTest
  @CsvSource({"concert.example", "ftp://concert.example", "https://concert.example/app", "https://"})
  void constructor_rejectsWhatIsNotAnOrigin(String origin) {
    assertThrows(IllegalArgumentException.class, () -> new OriginPolicy(List.of(origin)));
  }
}
