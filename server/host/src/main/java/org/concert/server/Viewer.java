package org.concert.server;

import org.concert.protocol.v1.Role;

/**
 * Who is on the other end of a session, as far as one match is concerned: a player of a power,
 * an observer, or the host. Decides what the match may push to it.
 *
 * @param publicSight for an observer: sees only what everyone sees, whatever the match allows
 *     observers (a projector)
 */
record Viewer(Role role, String power, String displayName, boolean publicSight) {
  static final Viewer NOBODY = new Viewer(Role.ROLE_UNSPECIFIED, "", "");

  Viewer(Role role, String power, String displayName) {
    this(role, power, displayName, false);
  }

  Viewer named(String name) {
    return new Viewer(role, power, name, publicSight);
  }

  boolean host() {
    return role == Role.ROLE_HOST;
  }

  boolean player() {
    return role == Role.ROLE_PLAYER && !power.isEmpty();
  }
}
