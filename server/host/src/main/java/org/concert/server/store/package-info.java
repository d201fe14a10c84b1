/**
 * The server's persistence: matches, their journals and snapshots, the leases that give each
 * match to one host, and a little server metadata.
 *
 * <p>{@link org.concert.server.store.MatchStore} is the whole API; {@link
 * org.concert.server.store.MatchStore#open} picks the embedded SQLite store (one file in the data
 * folder) or PostgreSQL (by JDBC URL, shared by several hosts). Every accepted command of a match
 * is appended to its journal, and the future {@code append} returns completes only once the
 * record is committed durably: one writer thread gathers everything queued, from every match, into
 * one transaction (group commit). Each record and snapshot is stored with a CRC32C of its match
 * id, version and bytes, so that {@link org.concert.server.store.MatchStore#load} recovers a match
 * to its last whole record and reports what it found damaged instead of throwing.
 *
 * <p>The package stores bytes and knows nothing of what they mean: it must not import the
 * protocol's messages, the engine, Netty or the rest of the server ({@code org.concert.server}
 * depends on this package, never the reverse). Only JDBC, the two drivers and the Log4j API.
 */
package org.concert.server.store;
