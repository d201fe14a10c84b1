package org.concert.maps;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.TextFormatParseInfoTree;
import com.google.protobuf.TextFormatParseLocation;
import java.util.List;
import org.concert.protocol.v1.Scenario;

/**
 * Where each field of a parsed scenario was written: turns a {@link FieldPath} into a line and a
 * column (both from 1). A field that was never written (a missing id, say) is placed at the
 * nearest enclosing field that was, and the whole file at line 1, column 1.
 */
final class SourceMap {

  private static final SourceMap NONE = new SourceMap(null);

  private final TextFormatParseInfoTree tree;

  private SourceMap(TextFormatParseInfoTree tree) {
    this.tree = tree;
  }

  /** No locations: for scenarios built in code. Every path locates to line 0, column 0. */
  static SourceMap none() {
    return NONE;
  }

  static SourceMap of(TextFormatParseInfoTree tree) {
    return tree == null ? NONE : new SourceMap(tree);
  }

  /** The line and column of the field, from 1; {0, 0} without a parse tree. */
  int[] locate(FieldPath path) {
    if (tree == null) {
      return new int[] {0, 0};
    }
    TextFormatParseLocation found = find(tree, Scenario.getDescriptor(), path, 0);
    if (found == null) {
      return new int[] {1, 1};
    }
    return new int[] {found.getLine() + 1, found.getColumn() + 1};
  }

  private static TextFormatParseLocation find(
      TextFormatParseInfoTree at, Descriptor type, FieldPath path, int step) {
    if (step == path.length()) {
      return null;
    }
    FieldDescriptor field = type.findFieldByNumber(path.number(step));
    if (field == null) {
      throw new IllegalArgumentException(
          "no field number " + path.number(step) + " in " + type.getFullName());
    }
    List<TextFormatParseLocation> written = at.getLocations(field);
    boolean message = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
    List<TextFormatParseInfoTree> nested = message ? at.getNestedTrees(field) : List.of();
    if (field.isRepeated()) {
      int index = path.index(step);
      if (index < 0 || written.isEmpty()) {
        return null;
      }
      TextFormatParseLocation deeper =
          message && index < nested.size()
              ? find(nested.get(index), field.getMessageType(), path, step + 1)
              : null;
      if (deeper != null) {
        return deeper;
      }
      // List syntax (parties: ["GER", "AUH"]) records one location for the whole list: an
      // element beyond the recorded ones is placed at the list it was written in.
      return written.get(Math.min(index, written.size() - 1));
    }
    if (written.isEmpty()) {
      return null;
    }
    // A singular message may be written in several blocks that the parser merges: the field
    // sought is in the last block that has it.
    for (int block = nested.size() - 1; block >= 0; block--) {
      TextFormatParseLocation deeper = find(nested.get(block), field.getMessageType(), path, step + 1);
      if (deeper != null) {
        return deeper;
      }
    }
    return written.get(written.size() - 1);
  }
}
