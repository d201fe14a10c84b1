package org.concert.maps;

import java.util.Arrays;

/**
 * A field inside a scenario, as steps from the root message: each step a field number and, for a
 * repeated field, the element's index. Used to find where in a file a problem lies.
 */
final class FieldPath {

  /** The index of a step into a singular field. */
  static final int SINGULAR = -1;

  private static final FieldPath ROOT = new FieldPath(new int[0], new int[0]);

  private final int[] numbers;
  private final int[] indices;

  private FieldPath(int[] numbers, int[] indices) {
    this.numbers = numbers;
    this.indices = indices;
  }

  /** The scenario itself. */
  static FieldPath root() {
    return ROOT;
  }

  /** A singular field below this one. */
  FieldPath field(int number) {
    return then(number, SINGULAR);
  }

  /** An element of a repeated field below this one. */
  FieldPath element(int number, int index) {
    if (index < 0) {
      throw new IllegalArgumentException("element index must not be negative: " + index);
    }
    return then(number, index);
  }

  private FieldPath then(int number, int index) {
    int[] n = Arrays.copyOf(numbers, numbers.length + 1);
    int[] i = Arrays.copyOf(indices, indices.length + 1);
    n[numbers.length] = number;
    i[indices.length] = index;
    return new FieldPath(n, i);
  }

  int length() {
    return numbers.length;
  }

  int number(int step) {
    return numbers[step];
  }

  int index(int step) {
    return indices[step];
  }
}
