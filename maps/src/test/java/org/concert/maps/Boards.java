package org.concert.maps;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.concert.protocol.v1.LinkDef;
import org.concert.protocol.v1.LinkKind;
import org.concert.protocol.v1.ProvinceDef;
import org.concert.protocol.v1.Scenario;

/** Graph questions the tests ask of a scenario. */
final class Boards {
  private Boards() {}

  static Map<String, ProvinceDef> provinces(Scenario s) {
    Map<String, ProvinceDef> byId = new HashMap<>();
    s.getProvincesList().forEach(p -> byId.put(p.getId(), p));
    return byId;
  }

  static Map<String, List<String>> neighbours(Scenario s) {
    Map<String, List<String>> next = new HashMap<>();
    s.getProvincesList().forEach(p -> next.put(p.getId(), new ArrayList<>()));
    for (LinkDef l : s.getLinksList()) {
      next.get(l.getA()).add(l.getB());
      next.get(l.getB()).add(l.getA());
    }
    return next;
  }

  /** Links from the province, in links (every link counts 1). */
  static Map<String, Integer> distances(Scenario s, String from) {
    Map<String, List<String>> next = neighbours(s);
    Map<String, Integer> dist = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>();
    dist.put(from, 0);
    queue.add(from);
    while (!queue.isEmpty()) {
      String p = queue.poll();
      for (String q : next.get(p)) {
        if (!dist.containsKey(q)) {
          dist.put(q, dist.get(p) + 1);
          queue.add(q);
        }
      }
    }
    return dist;
  }

  static boolean isSea(LinkDef l) {
    return l.getKind() == LinkKind.LINK_KIND_SEA;
  }

  static String owner(Scenario s, String province) {
    return provinces(s).get(province).getOwner();
  }
}
