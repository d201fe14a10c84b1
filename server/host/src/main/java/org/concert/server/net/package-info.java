/**
 * The server's transports: TCP with length-prefixed protobuf envelopes for bots and tools, and one
 * HTTP port with the web client's files, a WebSocket endpoint ({@code /ws}, binary protobuf or
 * proto3 JSON by subprotocol), {@code /health} and {@code /metrics}.
 *
 * <p>This package owns framing, decoding and encoding of the two envelopes, and the policies every
 * connection lives under, whatever its transport: bounded frames, a bounded outbound queue (a
 * client that stops reading is cut off), a per-connection command rate, a cap on connections per
 * address, an idle timeout and WebSocket heartbeats. It hands decoded envelopes to the core through
 * {@link org.concert.server.Endpoint} and {@link org.concert.server.Conversation}, and gives the core
 * an {@link org.concert.server.Outbound} per connection.
 *
 * <p>It knows nothing about matches, seats or rules: it may import {@code org.concert.server} (the
 * three interfaces above) and {@code org.concert.protocol.v1}, never the engine, the bots or the
 * store. Every Netty handler here is created per channel (no shared mutable state, no static
 * channel group); the only state shared between connections is the per-address counter and the
 * metrics, both thread-safe.
 *
 * <p>Never block an event loop: {@link org.concert.server.Conversation#receive} is called on one,
 * so the core must hand work to its own executors and return.
 */
package org.concert.server.net;
