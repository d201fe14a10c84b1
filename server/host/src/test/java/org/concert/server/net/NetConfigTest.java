package org.concert.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NetConfigTest {

  @Test
  void defaults_matchTheProtocolsBounds() {
    NetConfig config = NetConfig.defaults();
    assertEquals("0.0.0.0", config.bindHost());
    assertEquals(64 * 1024, config.maxFrameBytes());
    assertEquals(Duration.ofSeconds(60), config.idleTimeout());
    assertTrue(config.maxQueuedBytes() >= config.writeBufferHighWaterMark());
    assertTrue(config.allowedOrigins().isEmpty());
  }

  @Test
  void eventLoops_areOnePerCoreUnlessSet() {
    assertEquals(Runtime.getRuntime().availableProcessors(),
        NetConfig.defaults().eventLoopThreads());
    assertEquals(3, NetConfig.defaults().withIoThreads(3).eventLoopThreads());
  }

  @Test
  void allowedOrigins_areCopied() {
    List<String> origins = new ArrayList<>(List.of("https://a.example"));
    NetConfig config = NetConfig.defaults().withAllowedOrigins(origins);
    origins.add("https://b.example");
    assertEquals(List.of("https://a.example"), config.allowedOrigins());
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("blank host", (UnaryOperator<NetConfig>) c -> c.withBindHost(" ")),
        Arguments.of("port too high", (UnaryOperator<NetConfig>) c -> c.withPorts(70_000, 0)),
        Arguments.of("negative port", (UnaryOperator<NetConfig>) c -> c.withPorts(0, -1)),
        Arguments.of("empty frames", (UnaryOperator<NetConfig>) c -> c.withMaxFrameBytes(0)),
        Arguments.of("zero idle timeout", (UnaryOperator<NetConfig>) c -> c.withIdleTimeout(Duration.ZERO)),
        Arguments.of("negative heartbeat", (UnaryOperator<NetConfig>) c -> c.withHeartbeat(Duration.ofSeconds(-1))),
        Arguments.of("low above high", (UnaryOperator<NetConfig>) c -> c.withOutboundLimits(10, 5, 1 << 20)),
        Arguments.of("queue under a frame", (UnaryOperator<NetConfig>) c -> c.withOutboundLimits(1, 2, 1_000)),
        Arguments.of("negative rate", (UnaryOperator<NetConfig>) c -> c.withRateLimit(-1, 10)),
        Arguments.of("NaN rate", (UnaryOperator<NetConfig>) c -> c.withRateLimit(Double.NaN, 10)),
        Arguments.of("empty burst", (UnaryOperator<NetConfig>) c -> c.withRateLimit(10, 0)),
        Arguments.of("negative connections", (UnaryOperator<NetConfig>) c -> c.withMaxConnectionsPerAddress(-1)),
        Arguments.of("negative threads", (UnaryOperator<NetConfig>) c -> c.withIoThreads(-1)),
        Arguments.of("classpath root escaping", (UnaryOperator<NetConfig>)
            c -> c.withWebRoot(NetConfig.WebRoot.classpath("../etc"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void constructor_refusesInvalidSettings(String what, UnaryOperator<NetConfig> change) {
    assertThrows(IllegalArgumentException.class, () -> change.apply(NetConfig.defaults()));
  }
}
