/**
 * The bot SDK: write a {@link org.concert.bots.Bot} as one class and it plays the same in the
 * local arena, as a seat filler on the server, and remotely over TCP.
 *
 * <p>A bot sees a {@link org.concert.bots.Situation}: an immutable view of exactly what its
 * power may see (the engine's fog-of-war view), the public map as an {@link
 * org.concert.bots.Atlas}, the news since it last decided, and a seeded random source. It
 * answers with a {@link org.concert.bots.Decision}: orders, diplomatic acts and chat. {@link
 * org.concert.bots.OrderPlan} builds orders that are valid by construction. A bot never
 * touches the live state of a match. This package must not import the server.
 */
package org.concert.bots;
