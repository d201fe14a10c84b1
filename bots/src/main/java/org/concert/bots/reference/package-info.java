/**
 * The reference strategies: bots that play the theories of the seed texts, to learn from and
 * to beat. Each is one small class over the shared {@link org.concert.bots.reference.Strategist}
 * skeleton (economy, forts, attacks and answers to proposals); what differs between them is
 * what they arm for, whom they ally with, and whom they attack. See {@code docs/bots.md}.
 */
package org.concert.bots.reference;
