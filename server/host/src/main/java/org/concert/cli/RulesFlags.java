package org.concert.cli;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.List;
import org.concert.maps.RuleDefaults;
import org.concert.maps.ScenarioValidator;
import org.concert.protocol.v1.RulesConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One command-line option per rules knob, made from the schema so that every knob of
 * {@link RulesConfig} is a flag: {@code --turns 12}, {@code --enforcement binding},
 * {@code --fog-noise-percent 40}. Unset flags keep the scenario's value.
 */
final class RulesFlags implements CommandLine.IModelTransformer {
  static String flag(FieldDescriptor f) {
    return "--" + f.getName().replace('_', '-');
  }

  @Override
  public CommandSpec transform(CommandSpec spec) {
    RulesConfig rulebook = RuleDefaults.rulebook();
    for (FieldDescriptor f : RulesConfig.getDescriptor().getFields()) {
      OptionSpec.Builder o = OptionSpec.builder(flag(f)).type(String.class);
      if (f.getType() == FieldDescriptor.Type.ENUM) {
        List<String> names = shortNames(f.getEnumType());
        o.paramLabel("MODE").description("rules: " + f.getName() + ", one of "
            + String.join(", ", names) + " (rulebook: "
            + shortName(f.getEnumType(), (EnumValueDescriptor) rulebook.getField(f)) + ")");
      } else {
        int[] range = ScenarioValidator.ruleRange(f.getName());
        o.paramLabel("N").description("rules: " + f.getName() + " (rulebook: "
            + rulebook.getField(f) + (range == null ? "" : "; " + range[0] + " to " + range[1])
            + ")");
      }
      spec.addOption(o.build());
    }
    return spec;
  }

  /** The overrides given on the command line, checked against each knob's range. */
  static RulesConfig read(CommandSpec spec) {
    RulesConfig.Builder b = RulesConfig.newBuilder();
    for (FieldDescriptor f : RulesConfig.getDescriptor().getFields()) {
      OptionSpec o = spec.findOption(flag(f));
      String value = o == null ? null : o.getValue();
      if (value == null) {
        continue;
      }
      if (f.getType() == FieldDescriptor.Type.ENUM) {
        b.setField(f, enumValue(spec, f, value));
      } else {
        int n;
        try {
          n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              flag(f) + ": \"" + value + "\" is not a whole number");
        }
        int[] range = ScenarioValidator.ruleRange(f.getName());
        if (range != null && (n < range[0] || n > range[1])) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              flag(f) + " must be " + range[0] + " to " + range[1] + ", not " + n);
        }
        b.setField(f, n);
      }
    }
    return b.build();
  }

  private static EnumValueDescriptor enumValue(CommandSpec spec, FieldDescriptor f, String v) {
    String wanted = v.trim().toUpperCase().replace('-', '_');
    for (EnumValueDescriptor e : f.getEnumType().getValues()) {
      if (e.getNumber() != 0
          && (e.getName().equals(wanted) || shortName(f.getEnumType(), e).equals(v.trim().toLowerCase()))) {
        return e;
      }
    }
    throw new CommandLine.ParameterException(spec.commandLine(), flag(f) + ": \"" + v
        + "\" is not one of " + String.join(", ", shortNames(f.getEnumType())));
  }

  private static List<String> shortNames(EnumDescriptor type) {
    List<String> out = new ArrayList<>();
    for (EnumValueDescriptor e : type.getValues()) {
      if (e.getNumber() != 0) {
        out.add(shortName(type, e));
      }
    }
    return out;
  }

  /** "ENFORCEMENT_CHEAP_TALK" becomes "cheap-talk". */
  static String shortName(EnumDescriptor type, EnumValueDescriptor e) {
    String prefix = type.getValues().get(0).getName().replace("UNSPECIFIED", "");
    return e.getName().substring(prefix.length()).toLowerCase().replace('_', '-');
  }
}
