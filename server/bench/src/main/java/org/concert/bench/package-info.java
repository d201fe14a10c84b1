/**
 * JMH benchmarks of the engine: resolving a full {@code vienna-1815} turn and computing every
 * power's view. Run with {@code java -jar server/bench/target/benchmarks.jar}; figures and the
 * exact command are in {@code docs/performance.md}.
 */
package org.concert.bench;
