/**
 * The referee of Concert: the whole ruleset as a pure, deterministic function.
 *
 * <p>{@link org.concert.engine.Engine} is the boundary. It takes a scenario, the match seed
 * and the powers' orders and diplomatic acts, all as protocol messages, and returns the next
 * {@link org.concert.engine.GameState} with the events that explain every change, the view each
 * power may see, and the debrief. The package owns the rules and nothing else: it does no I/O,
 * reads no clock, logs nothing and starts no thread, and all its randomness derives from the
 * match seed. It must not import Netty, JDBC, logging frameworks or anything of the server.
 */
package org.concert.engine;
