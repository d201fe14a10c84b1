/**
 * Benchmarks and experiments. JMH benchmarks of the engine: resolving a full {@code vienna-1815}
 * turn and computing every power's view ({@code java -jar server/bench/target/benchmarks.jar}).
 * The server's load test ({@link org.concert.bench.ServerLoad}: many clients in many matches
 * against the real server and against a plain Netty echo server) and its footprint experiments
 * ({@link org.concert.bench.ServerFootprint}: start-up, recovery, heap per idle match), run from
 * the same jar with {@code java -cp}. Figures and the exact commands are in
 * {@code docs/performance.md}; {@code server/bench/server-experiments.sh} runs the server's.
 *
 * <p>Only the two main classes are public; the load generator, its clients and the echo server
 * are package-private. The experiments use the server's public API ({@code ConcertServer},
 * {@code NetConfig}) and the protocol over TCP, never its internals.
 */
package org.concert.bench;
