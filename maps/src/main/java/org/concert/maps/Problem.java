package org.concert.maps;

import java.util.Objects;

/**
 * One thing wrong with a scenario, located in the file it came from.
 *
 * <p>Lines and columns count from 1. A problem found in a scenario that was not read from text (one
 * built in code, such as a generated map) has no location: its line and column are 0.
 *
 * @param file the file name the scenario was read from, or a label for one built in code
 * @param line the line of the offending field, from 1; 0 when unknown
 * @param column the column of the offending field, from 1; 0 when unknown
 * @param code what kind of problem it is, stable for tools and tests
 * @param message what is wrong, in words a map author understands
 */
public record Problem(String file, int line, int column, Code code, String message) {

  /** The kinds of problem, stable for tools and tests. */
  public enum Code {
    /** The text is not valid protobuf text format for a Scenario. */
    SYNTAX,
    /** A required field (an id, a name, a capital, coordinates, ...) is missing. */
    MISSING_FIELD,
    /** An id is malformed. */
    BAD_ID,
    /** An id is defined twice in its namespace. */
    DUPLICATE_ID,
    /** A reference names a province, power or owner that does not exist. */
    UNKNOWN_REFERENCE,
    /** A link joins a province to itself. */
    SELF_LINK,
    /** Two links join the same two provinces. */
    DUPLICATE_LINK,
    /** Part of the map cannot be reached from the rest. */
    UNREACHABLE,
    /** A power's capital is not one of its home provinces. */
    BAD_CAPITAL,
    /** A power has no home province, or a home province is not a great power's. */
    BAD_HOME,
    /** A minor province without a garrison, or a garrison where no minor rules. */
    BAD_GARRISON,
    /** A minor state owns no province. */
    EMPTY_MINOR,
    /** A starting army is misplaced or has no strength. */
    BAD_STACK,
    /** Fewer than 2 or more than 8 great powers. */
    POWER_COUNT,
    /** A number outside its allowed range. */
    OUT_OF_RANGE,
    /** A colour that is not "#rrggbb", or one used twice. */
    BAD_COLOR,
    /** Coordinates outside the drawing area, or two provinces drawn at one point. */
    BAD_DRAWING,
    /** An enum field holds a number the schema does not define. */
    UNKNOWN_ENUM,
    /**
     * A starting treaty names a party twice or binds fewer than two powers, or a concert binds
     * fewer than three.
     */
    BAD_PARTIES,
    /**
     * A starting treaty has no clause, an empty clause, a cession, or a clause whose terms cannot
     * hold: an offensive alliance aimed at a party, a demilitarized zone of no province, a
     * subsidy not paid from one party to another.
     */
    BAD_CLAUSE,
    /**
     * A starting treaty at odds with the starting wars: a peace between powers not at war, or a
     * defensive alliance between powers at war.
     */
    WAR_CONFLICT,
    /** A starting war of a power with itself. */
    SELF_WAR,
    /** Two starting wars between the same two powers. */
    DUPLICATE_WAR
  }

  /** Validates the fields: a programmer's mistake here is an exception. */
  public Problem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line and column must not be negative: " + line + ":" + column);
    }
  }

  /** Whether the problem has a place in a text file. */
  public boolean located() {
    return line > 0;
  }

  /** The problem the way compilers print theirs: {@code FILE:LINE:COL: message}. */
  @Override
  public String toString() {
    return located() ? file + ":" + line + ":" + column + ": " + message : file + ": " + message;
  }
}
