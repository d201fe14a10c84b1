package org.concert.maps;

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Map;
import java.util.Objects;
import org.concert.protocol.v1.Distinguishability;
import org.concert.protocol.v1.Enforcement;
import org.concert.protocol.v1.OffenseDefense;
import org.concert.protocol.v1.Realism;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.Transparency;

/**
 * The rulebook's default for every knob of {@link RulesConfig}, and the one way to combine
 * layers of knobs into the configuration a match is played with.
 *
 * <p>A match's rules come in layers: the rulebook (this class), then the scenario's {@code rules},
 * then the match's overrides chosen by the host. {@link #resolve(RulesConfig...)} lays them over
 * each other field by field: a field set in a later layer wins over the same field in an earlier
 * one, and a field set in no layer keeps the rulebook's value. "Set" means present: an optional
 * number that was written (even as 0), or an enum other than its {@code *_UNSPECIFIED} value.
 */
public final class RuleDefaults {

  private static final RulesConfig RULEBOOK =
      RulesConfig.newBuilder()
          .setTurns(20)
          .setEnforcement(Enforcement.ENFORCEMENT_REPUTATION)
          .setOffenseDefense(OffenseDefense.OFFENSE_DEFENSE_BALANCED)
          .setDistinguishability(Distinguishability.DISTINGUISHABILITY_DISTINGUISHABLE)
          .setTransparency(Transparency.TRANSPARENCY_FOG)
          .setRealism(Realism.REALISM_DEFENSIVE)
          .setFogNoisePercent(25)
          .setFogRadius(2)
          .setFrictionPercent(0)
          .setStartCredibility(70)
          .setUpkeepPerStrength(1)
          .setArmyCost(10)
          .setFortCost(30)
          .setFortMax(3)
          .setFortBonusPercent(25)
          .setInvestReturnPercent(10)
          .setWarWearinessPercent(10)
          .setWarWearinessCapPercent(30)
          .setSeaAttackPercent(50)
          .setCasualtyPercent(30)
          .setPenaltyNonAggression(40)
          .setPenaltyAbandon(30)
          .setPenaltyArmsLimit(20)
          .setPenaltyConcert(50)
          .setRewardHonour(10)
          .setHegemonyWarningPercent(40)
          .setHegemonyVictoryPercent(50)
          .setHegemonyVictoryTurns(2)
          .setRenounceNoticeTurns(1)
          .setMaxProposalsPerTurn(10)
          .setExpansionThreatPercent(10)
          .build();

  private RuleDefaults() {}

  /** The rulebook's configuration: every knob set to its default. */
  public static RulesConfig rulebook() {
    return RULEBOOK;
  }

  /**
   * The configuration a match is played with: the rulebook, overlaid by each layer in turn.
   *
   * <p>Typical use: {@code resolve(scenario.getRules(), matchOverrides)}. Later layers override
   * earlier ones field by field; every field of the result is set. The layers are not checked:
   * run {@link ScenarioValidator} on a scenario (and the host on its overrides) first.
   *
   * @param layers the layers above the rulebook, lowest first; none gives the rulebook itself
   * @return a configuration with every field set
   */
  public static RulesConfig resolve(RulesConfig... layers) {
    RulesConfig.Builder resolved = RULEBOOK.toBuilder();
    for (RulesConfig layer : layers) {
      Objects.requireNonNull(layer, "a rules layer is null");
      for (Map.Entry<FieldDescriptor, Object> set : layer.getAllFields().entrySet()) {
        resolved.setField(set.getKey(), set.getValue());
      }
    }
    return resolved.build();
  }
}
