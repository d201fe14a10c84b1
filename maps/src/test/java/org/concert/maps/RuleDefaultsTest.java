package org.concert.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import org.concert.protocol.v1.Enforcement;
import org.concert.protocol.v1.OffenseDefense;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.Transparency;
import org.junit.jupiter.api.Test;

class RuleDefaultsTest {

  @Test
  void rulebook_setsEveryKnob() {
    RulesConfig rulebook = RuleDefaults.rulebook();
    for (FieldDescriptor field : RulesConfig.getDescriptor().getFields()) {
      assertTrue(rulebook.hasField(field), "rulebook leaves " + field.getName() + " unset");
      if (field.getJavaType() == FieldDescriptor.JavaType.ENUM) {
        assertNotEquals(0, ((EnumValueDescriptor) rulebook.getField(field)).getNumber(), field.getName());
      }
    }
  }

  @Test
  void rulebook_hasTheBriefsNumbers() {
    RulesConfig r = RuleDefaults.rulebook();
    assertEquals(20, r.getTurns());
    assertEquals(Enforcement.ENFORCEMENT_REPUTATION, r.getEnforcement());
    assertEquals(10, r.getArmyCost());
    assertEquals(1, r.getUpkeepPerStrength());
    assertEquals(3, r.getFortMax());
    assertEquals(50, r.getSeaAttackPercent());
    assertEquals(40, r.getHegemonyWarningPercent());
    assertEquals(50, r.getHegemonyVictoryPercent());
  }

  @Test
  void resolve_noLayers_isTheRulebook() {
    assertEquals(RuleDefaults.rulebook(), RuleDefaults.resolve());
    assertEquals(RuleDefaults.rulebook(), RuleDefaults.resolve(RulesConfig.getDefaultInstance()));
  }

  @Test
  void resolve_laterLayerWins_fieldByField() {
    RulesConfig scenario = RulesConfig.newBuilder()
        .setTurns(12)
        .setOffenseDefense(OffenseDefense.OFFENSE_DEFENSE_DEFENSE_DOMINANT)
        .setFortMax(2)
        .build();
    RulesConfig match = RulesConfig.newBuilder()
        .setTurns(6)
        .setTransparency(Transparency.TRANSPARENCY_OPAQUE)
        .build();
    RulesConfig r = RuleDefaults.resolve(scenario, match);
    assertEquals(6, r.getTurns());
    assertEquals(OffenseDefense.OFFENSE_DEFENSE_DEFENSE_DOMINANT, r.getOffenseDefense());
    assertEquals(2, r.getFortMax());
    assertEquals(Transparency.TRANSPARENCY_OPAQUE, r.getTransparency());
    assertEquals(30, r.getFortCost());
  }

  @Test
  void resolve_explicitZero_overridesTheDefault() {
    RulesConfig r = RuleDefaults.resolve(RulesConfig.newBuilder().setUpkeepPerStrength(0).setFogRadius(0).build());
    assertTrue(r.hasUpkeepPerStrength());
    assertEquals(0, r.getUpkeepPerStrength());
    assertEquals(0, r.getFogRadius());
    assertEquals(10, r.getArmyCost());
  }
}
