package org.concert.bots;

/**
 * A player program. The arena and the server call {@link #decide} once or more per turn, in
 * diplomacy rounds: the diplomatic acts of every call are applied at once, and the orders of
 * the last call count. A call must return within {@link Situation#budget()}; one that throws,
 * hangs or runs over gives nothing for that round and is counted against the bot.
 *
 * <p>One instance plays one power in one match, so it may keep memory between turns.
 */
public interface Bot {
  /** Decides this round of this turn. */
  Decision decide(Situation situation);

  /** Called once before the first turn. */
  default void matchStarted(MatchInfo info) {}

  /** Called once after the last turn. */
  default void matchEnded(MatchOutcome outcome) {}
}
