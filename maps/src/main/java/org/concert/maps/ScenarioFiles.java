package org.concert.maps;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.TextFormat;
import com.google.protobuf.TextFormatParseInfoTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.concert.maps.Problem.Code;
import org.concert.protocol.v1.Scenario;

/**
 * Reads scenario files: protobuf text format against {@code concert.v1.Scenario}, in UTF-8.
 *
 * <p>Reading never throws on a bad scenario. The parser stops at the first syntax error, which
 * comes back as a {@link Code#SYNTAX} problem at its line and column; misspelt field names are
 * reported one by one, with the field probably meant, and a "{" that is never closed is reported
 * where it opens rather than at the end of the file. A file that parses is then checked by
 * {@link ScenarioValidator}, with each problem placed at the line of the offending field. A field
 * written twice is a syntax error, not a silent overwrite.
 */
public final class ScenarioFiles {

  /** The extension scenario files carry. */
  public static final String EXTENSION = ".textproto";

  private static final Pattern POSITION = Pattern.compile("^(\\d+):(\\d+): ");
  private static final Pattern UNKNOWN_FIELD = Pattern.compile("^(\\d+):(\\d+):\\s+(\\S+)$");
  private static final Map<String, Descriptor> TYPES = messageTypes();

  private ScenarioFiles() {}

  /**
   * Reads and checks a scenario file.
   *
   * @throws IOException when the file cannot be read, or is not UTF-8
   */
  public static CheckedScenario read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * Parses and checks scenario text.
   *
   * @param file the file name to report problems under
   * @param text the text of the file
   */
  public static CheckedScenario parse(String file, CharSequence text) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(text, "text");
    Scenario.Builder builder = Scenario.newBuilder();
    TextFormatParseInfoTree.Builder locations = TextFormatParseInfoTree.builder();
    TextFormat.Parser parser =
        TextFormat.Parser.newBuilder()
            .setParseInfoTreeBuilder(locations)
            .setSingularOverwritePolicy(TextFormat.Parser.SingularOverwritePolicy.FORBID_SINGULAR_OVERWRITES)
            .build();
    try {
      parser.merge(text, ExtensionRegistry.getEmptyRegistry(), builder);
    } catch (TextFormat.ParseException e) {
      return new CheckedScenario(file, Optional.empty(), syntaxProblems(file, text, e));
    }
    Scenario scenario = builder.build();
    return new CheckedScenario(
        file, Optional.of(scenario), ScenarioValidator.validate(file, scenario, locations.build()));
  }

  private static List<Problem> syntaxProblems(
      String file, CharSequence text, TextFormat.ParseException e) {
    String message = Objects.requireNonNullElse(e.getMessage(), "cannot parse");
    Matcher position = POSITION.matcher(message);
    if (position.find()) {
      message = message.substring(position.end());
    }
    List<Problem> problems = new ArrayList<>();
    int[] unclosed = unclosedBrace(text);
    if (unclosed != null) {
      // The parser notices only where it stops, often at the end of the file: the brace that was
      // never closed is the place to look.
      problems.add(new Problem(file, unclosed[0], unclosed[1], Code.SYNTAX,
          "this \"{\" is never closed"));
      if (message.startsWith("Expected \"}\"") || message.startsWith("Expected \">\"")) {
        return problems;
      }
    }
    String[] lines = message.split("\n");
    boolean unknownFields = false;
    if (lines[0].startsWith("Input contains unknown fields")) {
      for (int i = 1; i < lines.length; i++) {
        Matcher unknown = UNKNOWN_FIELD.matcher(lines[i].trim());
        if (unknown.matches()) {
          unknownFields = true;
          problems.add(new Problem(file, Integer.parseInt(unknown.group(1)),
              Integer.parseInt(unknown.group(2)), Code.SYNTAX, unknownField(unknown.group(3))));
        }
      }
    }
    if (!unknownFields) {
      problems.add(new Problem(file, Math.max(e.getLine(), 0), Math.max(e.getColumn(), 0),
          Code.SYNTAX, sentence(message)));
    }
    problems.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
    return problems;
  }

  /**
   * The line and column of the innermost "{" still open at the end of the text, or null when
   * every brace is closed. Comments and quoted strings are skipped.
   */
  private static int[] unclosedBrace(CharSequence text) {
    List<int[]> open = new ArrayList<>();
    int line = 1;
    int column = 1;
    char quote = 0;
    boolean comment = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        column = 1;
        comment = false;
        quote = 0; // strings do not span lines in text format
        continue;
      }
      if (comment) {
        // skip to the end of the line
      } else if (quote != 0) {
        if (c == '\\') {
          i++;
          column++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '#') {
        comment = true;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '{' || c == '<') {
        open.add(new int[] {line, column});
      } else if ((c == '}' || c == '>') && !open.isEmpty()) {
        open.remove(open.size() - 1);
      }
      column++;
    }
    return open.isEmpty() ? null : open.get(open.size() - 1);
  }

  /** "unknown field "provnces" in Scenario; did you mean "provinces"?" for a full name. */
  private static String unknownField(String fullName) {
    int dot = fullName.lastIndexOf('.');
    String typeName = dot < 0 ? "" : fullName.substring(0, dot);
    String name = fullName.substring(dot + 1);
    Descriptor type = TYPES.get(typeName);
    if (type == null) {
      return "unknown field \"" + fullName + "\"";
    }
    String message = "unknown field \"" + name + "\" in " + type.getName();
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (FieldDescriptor field : type.getFields()) {
      int d = distance(name, field.getName());
      if (d < bestDistance) {
        best = field.getName();
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, name.length() / 3)
        ? message + "; did you mean \"" + best + "\"?"
        : message;
  }

  private static String sentence(String message) {
    String m = message.strip();
    if (m.endsWith(".")) {
      m = m.substring(0, m.length() - 1);
    }
    return m.isEmpty() ? "cannot parse" : Character.toLowerCase(m.charAt(0)) + m.substring(1);
  }

  /** Edit distance, for suggesting the field a typo meant. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** Every message type a scenario file may contain, by full name. */
  private static Map<String, Descriptor> messageTypes() {
    Map<String, Descriptor> types = new HashMap<>();
    List<Descriptor> todo = new ArrayList<>(List.of(Scenario.getDescriptor()));
    while (!todo.isEmpty()) {
      Descriptor type = todo.remove(todo.size() - 1);
      if (types.putIfAbsent(type.getFullName(), type) == null) {
        for (FieldDescriptor field : type.getFields()) {
          if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            todo.add(field.getMessageType());
          }
        }
      }
    }
    return Map.copyOf(types);
  }
}
