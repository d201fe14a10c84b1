/**
 * The remote client: plays a {@link org.concert.bots.Bot} in a live match over TCP, with the
 * same class that plays in the arena. Frames are a 4-byte big-endian length and one protocol
 * envelope (see docs/protocol.md). Uses plain sockets: a bot needs no server libraries.
 */
package org.concert.bots.remote;
