package org.concert.engine;

import org.concert.protocol.v1.Distinguishability;
import org.concert.protocol.v1.Enforcement;
import org.concert.protocol.v1.OffenseDefense;
import org.concert.protocol.v1.Realism;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.Transparency;

/**
 * A fully resolved {@link RulesConfig} read into plain fields, so the hot paths of resolution
 * read numbers, not protobuf getters. Percentages stay integers; multipliers are doubles.
 */
record Rules(
    RulesConfig config,
    int turns,
    Enforcement enforcement,
    double theta,
    boolean distinguishable,
    Transparency transparency,
    Realism realism,
    int fogNoisePercent,
    int fogRadius,
    int frictionPercent,
    int upkeep,
    int armyCost,
    int fortCost,
    int fortMax,
    double fortBonus,
    int investReturnPercent,
    int warWearinessPercent,
    int warWearinessCapPercent,
    double seaFactor,
    double casualtyRate,
    int penaltyNonAggression,
    int penaltyAbandon,
    int penaltyArmsLimit,
    int penaltyConcert,
    int rewardHonour,
    double hegemonyWarning,
    double hegemonyVictory,
    int hegemonyVictoryTurns,
    int renounceNotice,
    int maxProposals,
    double expansionThreat) {

  static Rules of(RulesConfig c) {
    return new Rules(
        c,
        c.getTurns(),
        c.getEnforcement(),
        theta(c.getOffenseDefense()),
        c.getDistinguishability() != Distinguishability.DISTINGUISHABILITY_INDISTINGUISHABLE,
        c.getTransparency(),
        c.getRealism(),
        c.getFogNoisePercent(),
        c.getFogRadius(),
        c.getFrictionPercent(),
        c.getUpkeepPerStrength(),
        c.getArmyCost(),
        c.getFortCost(),
        c.getFortMax(),
        c.getFortBonusPercent() / 100.0,
        c.getInvestReturnPercent(),
        c.getWarWearinessPercent(),
        c.getWarWearinessCapPercent(),
        c.getSeaAttackPercent() / 100.0,
        c.getCasualtyPercent() / 100.0,
        c.getPenaltyNonAggression(),
        c.getPenaltyAbandon(),
        c.getPenaltyArmsLimit(),
        c.getPenaltyConcert(),
        c.getRewardHonour(),
        c.getHegemonyWarningPercent() / 100.0,
        c.getHegemonyVictoryPercent() / 100.0,
        c.getHegemonyVictoryTurns(),
        c.getRenounceNoticeTurns(),
        c.getMaxProposalsPerTurn(),
        c.getExpansionThreatPercent() / 100.0);
  }

  /** The true offence multiplier of a balance setting. */
  static double theta(OffenseDefense od) {
    return switch (od) {
      case OFFENSE_DEFENSE_OFFENSE_DOMINANT -> 1.5;
      case OFFENSE_DEFENSE_DEFENSE_DOMINANT -> 0.7;
      default -> 1.0;
    };
  }

  boolean binding() {
    return enforcement == Enforcement.ENFORCEMENT_BINDING;
  }

  boolean cheapTalk() {
    return enforcement == Enforcement.ENFORCEMENT_CHEAP_TALK;
  }

  boolean reputation() {
    return enforcement == Enforcement.ENFORCEMENT_REPUTATION;
  }

  /** Defence multiplier of a fort level. */
  double fortMultiplier(int level) {
    return 1.0 + fortBonus * level;
  }
}
