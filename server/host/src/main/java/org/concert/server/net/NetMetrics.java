package org.concert.server.net;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the transports, safe to update from every event loop and to read from any thread.
 * The core may read them (for its own status pages); only this package counts. {@link #render()}
 * gives them in the Prometheus text format that {@code GET /metrics} serves.
 */
public final class NetMetrics {

  private final Map<Transport, LongAdder> open = counters(Transport.class);
  private final Map<Transport, LongAdder> total = counters(Transport.class);
  private final Map<CloseReason, LongAdder> closed = counters(CloseReason.class);
  private final LongAdder framesIn = new LongAdder();
  private final LongAdder framesOut = new LongAdder();
  private final LongAdder httpRequests = new LongAdder();
  private final LongAdder upgradesRefused = new LongAdder();
  private final LongAdder repliesTooLarge = new LongAdder();
  private final java.util.List<java.util.function.Supplier<String>> sections =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Adds counters of another part of the server (in the same text format) to `/metrics`. */
  public void addSection(java.util.function.Supplier<String> section) {
    sections.add(section);
  }

  private static <E extends Enum<E>> Map<E, LongAdder> counters(Class<E> type) {
    Map<E, LongAdder> map = new EnumMap<>(type);
    for (E e : type.getEnumConstants()) {
      map.put(e, new LongAdder());
    }
    return map;
  }

  /** Conversations open now (TCP and WebSocket). */
  public long connectionsOpen() {
    return open.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Conversations open now on one transport. */
  public long connectionsOpen(Transport transport) {
    return open.get(transport).sum();
  }

  /** Conversations opened since start (TCP and WebSocket). */
  public long connectionsTotal() {
    return total.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Conversations opened since start on one transport. */
  public long connectionsTotal(Transport transport) {
    return total.get(transport).sum();
  }

  /**
   * Connections ended for a reason. {@link CloseReason#TOO_MANY_CONNECTIONS} counts connections
   * refused at once, which never became conversations.
   */
  public long closed(CloseReason reason) {
    return closed.get(reason).sum();
  }

  /** Frames (envelopes or unreadable ones) received. */
  public long framesIn() {
    return framesIn.sum();
  }

  /** Envelopes handed to the network. */
  public long framesOut() {
    return framesOut.sum();
  }

  /** HTTP requests served on the HTTP port, upgrades included. */
  public long httpRequests() {
    return httpRequests.sum();
  }

  /** WebSocket upgrades refused (a foreign {@code Origin}, no supported subprotocol). */
  public long upgradesRefused() {
    return upgradesRefused.sum();
  }

  /** Messages from the core over the frame bound, replaced by an {@code ERROR_CODE_INTERNAL}. */
  public long repliesTooLarge() {
    return repliesTooLarge.sum();
  }

  void opened(Transport transport) {
    open.get(transport).increment();
    total.get(transport).increment();
  }

  void closed(Transport transport, CloseReason reason) {
    open.get(transport).decrement();
    closed.get(reason).increment();
  }

  void refused(CloseReason reason) {
    closed.get(reason).increment();
  }

  void frameIn() {
    framesIn.increment();
  }

  void frameOut() {
    framesOut.increment();
  }

  void httpRequest() {
    httpRequests.increment();
  }

  void upgradeRefused() {
    upgradesRefused.increment();
  }

  void replyTooLarge() {
    repliesTooLarge.increment();
  }

  /** The counters in the Prometheus text exposition format (version 0.0.4). */
  public String render() {
    StringBuilder out = new StringBuilder(2048);
    family(out, "concert_connections_open", "gauge", "Conversations open now.");
    for (Transport t : Transport.values()) {
      sample(out, "concert_connections_open", "transport", t.label(), open.get(t).sum());
    }
    family(out, "concert_connections_total", "counter", "Conversations opened since start.");
    for (Transport t : Transport.values()) {
      sample(out, "concert_connections_total", "transport", t.label(), total.get(t).sum());
    }
    family(out, "concert_connections_closed_total", "counter", "Connections ended, by reason.");
    for (CloseReason r : CloseReason.values()) {
      sample(out, "concert_connections_closed_total", "reason", r.label(), closed.get(r).sum());
    }
    family(out, "concert_frames_in_total", "counter", "Frames received.");
    sample(out, "concert_frames_in_total", null, null, framesIn.sum());
    family(out, "concert_frames_out_total", "counter", "Envelopes sent.");
    sample(out, "concert_frames_out_total", null, null, framesOut.sum());
    family(out, "concert_http_requests_total", "counter", "HTTP requests on the HTTP port.");
    sample(out, "concert_http_requests_total", null, null, httpRequests.sum());
    family(out, "concert_websocket_upgrades_refused_total", "counter", "WebSocket upgrades refused.");
    sample(out, "concert_websocket_upgrades_refused_total", null, null, upgradesRefused.sum());
    family(out, "concert_replies_too_large_total", "counter", "Messages from the core over the frame bound.");
    sample(out, "concert_replies_too_large_total", null, null, repliesTooLarge.sum());
    for (var section : sections) {
      out.append(section.get());
    }
    return out.toString();
  }

  private static void family(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder out, String name, String label, String value, long count) {
    out.append(name);
    if (label != null) {
      out.append('{').append(label).append("=\"").append(value).append("\"}");
    }
    out.append(' ').append(count).append('\n');
  }
}
