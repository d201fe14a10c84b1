package org.concert.engine;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;
import java.util.Map;

/** Partial matching of messages: every field the expectation sets must be equal in the actual. */
final class Partial {
  private Partial() {}

  static boolean matches(Message expected, Message actual) {
    if (expected.getDescriptorForType() != actual.getDescriptorForType()) {
      return false;
    }
    for (Map.Entry<FieldDescriptor, Object> e : expected.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      if (f.isRepeated()) {
        List<?> want = (List<?>) e.getValue();
        int have = actual.getRepeatedFieldCount(f);
        for (Object w : want) {
          boolean found = false;
          for (int i = 0; i < have && !found; i++) {
            found = same(f, w, actual.getRepeatedField(f, i));
          }
          if (!found) {
            return false;
          }
        }
      } else if (!actual.hasField(f) && f.hasPresence()) {
        return false;
      } else if (!same(f, e.getValue(), actual.getField(f))) {
        return false;
      }
    }
    return true;
  }

  private static boolean same(FieldDescriptor f, Object want, Object have) {
    if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      return matches((Message) want, (Message) have);
    }
    if (f.getJavaType() == FieldDescriptor.JavaType.DOUBLE) {
      return Math.abs((Double) want - (Double) have) < 1e-6;
    }
    return want.equals(have);
  }
}
