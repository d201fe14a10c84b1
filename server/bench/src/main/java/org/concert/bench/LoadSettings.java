package org.concert.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * How a load run is shaped.
 *
 * @param matches matches played at once
 * @param clientsPerMatch clients in each match, one seat each (at most the scenario's powers)
 * @param inFlight commands a client may have sent and not yet had answered
 * @param warmUp traffic before the measured window (not counted)
 * @param window the measured window; ignored when {@code commandsPerClient} is set
 * @param commandsPerClient if above 0, each client sends exactly this many commands and the run
 *     ends when all are answered (the whole run is measured); 0 runs by time
 * @param proposalsPerTurn proposals a client makes in a turn before it withdraws what is open
 *     and says it is ready (the turn resolves once all five have)
 * @param ioThreads event loop threads of the clients
 */
record LoadSettings(int matches, int clientsPerMatch, int inFlight, Duration warmUp,
    Duration window, int commandsPerClient, int proposalsPerTurn, int ioThreads) {

  /** The most proposals a power may make in a turn, the server's bound (rules: 0 to 100). */
  static final int MAX_PROPOSALS_PER_TURN = 100;

  LoadSettings {
    requirePositive(matches, "matches");
    if (clientsPerMatch < 1 || clientsPerMatch > 5) {
      throw new IllegalArgumentException(
          "clients per match must be 1 to 5 (the powers of vienna-1815), was " + clientsPerMatch);
    }
    requirePositive(inFlight, "commands in flight");
    Objects.requireNonNull(warmUp, "warm-up");
    Objects.requireNonNull(window, "window");
    if (warmUp.isNegative()) {
      throw new IllegalArgumentException("warm-up must not be negative, was " + warmUp);
    }
    if (commandsPerClient < 0) {
      throw new IllegalArgumentException(
          "commands per client must not be negative (0 = by time), was " + commandsPerClient);
    }
    if (commandsPerClient == 0 && (window.isNegative() || window.isZero())) {
      throw new IllegalArgumentException("the measured window must be positive, was " + window);
    }
    if (proposalsPerTurn < 1 || proposalsPerTurn > MAX_PROPOSALS_PER_TURN) {
      throw new IllegalArgumentException("proposals per turn must be 1 to "
          + MAX_PROPOSALS_PER_TURN + ", was " + proposalsPerTurn);
    }
    requirePositive(ioThreads, "client I/O threads");
  }

  private static void requirePositive(int value, String what) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, was " + value);
    }
  }

  int clients() {
    return matches * clientsPerMatch;
  }

  boolean byCount() {
    return commandsPerClient > 0;
  }

  LoadSettings withMatches(int m) {
    return new LoadSettings(m, clientsPerMatch, inFlight, warmUp, window, commandsPerClient,
        proposalsPerTurn, ioThreads);
  }
}
