/**
 * The game server's core: the lobby of matches, one serial actor per match, the sessions of
 * connected clients, deadlines and recovery. It speaks protocol messages only; the transports
 * ({@code org.concert.server.net}) carry them, and the store ({@code org.concert.server.store})
 * keeps every accepted command before it is acknowledged. Nothing here touches a socket.
 */
package org.concert.server;
