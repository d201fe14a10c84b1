package org.concert.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.concert.protocol.v1.Audience;
import org.concert.protocol.v1.Event;
import org.concert.protocol.v1.Role;
import org.concert.protocol.v1.ServerMessage;
import org.junit.jupiter.api.Test;

/** Who a pushed message reaches, and what each recipient learns from it. */
class DeliveryTest {
  private static final Viewer NOR = new Viewer(Role.ROLE_PLAYER, "NOR", "Ada");
  private static final Viewer EAS = new Viewer(Role.ROLE_PLAYER, "EAS", "Bo");
  private static final Viewer HOST = new Viewer(Role.ROLE_HOST, "", "host");
  private static final Viewer OBSERVER = new Viewer(Role.ROLE_OBSERVER, "", "");

  private static Delivery shared(String... powers) {
    Event e = Event.newBuilder().setTurn(3).setAudience(Audience.newBuilder()
        .addAllPowers(List.of(powers))).build();
    return new Delivery(9, ServerMessage.newBuilder().setEvent(e).build(), Set.of(powers));
  }

  @Test
  void aSharedSecret_reachesItsPowersAndTheHost_only() {
    Delivery d = shared("NOR", "WES");
    assertTrue(d.visibleTo(NOR, false));
    assertTrue(d.visibleTo(HOST, false));
    assertFalse(d.visibleTo(EAS, false));
    assertFalse(d.visibleTo(OBSERVER, false));
    assertTrue(d.visibleTo(OBSERVER, true), "observers with full sight see everything");
  }

  @Test
  void aPlayer_seesItselfAloneInTheAudience_theHostSeesAll() {
    Delivery d = shared("NOR", "WES");
    assertEquals(List.of("NOR"), d.messageFor(NOR).getEvent().getAudience().getPowersList());
    assertEquals(2, d.messageFor(HOST).getEvent().getAudience().getPowersCount());
    assertEquals(3, d.messageFor(NOR).getEvent().getTurn(), "the rest of the event is kept");
  }

  @Test
  void aMessageForEveryone_isSentAsItIs() {
    Delivery d = new Delivery(4, ServerMessage.newBuilder().setEvent(Event.newBuilder()
        .setAudience(Audience.newBuilder().setEveryone(true))).build(), null);
    assertSame(d.message(), d.messageFor(NOR));
  }

  @Test
  void turnResults_eachRecipientGetsTheOneItMayKnow() {
    ServerMessage m = ServerMessage.getDefaultInstance();
    Delivery seat = new Delivery(5, m, Set.of("NOR"), Delivery.To.SEAT);
    Delivery truth = new Delivery(6, m, null, Delivery.To.OMNISCIENT);
    Delivery open = new Delivery(7, m, null, Delivery.To.PUBLIC);
    assertTrue(seat.visibleTo(NOR, false));
    assertFalse(seat.visibleTo(EAS, false));
    assertFalse(seat.visibleTo(HOST, false), "the host gets the true result instead");
    assertFalse(seat.visibleTo(OBSERVER, true));
    assertTrue(truth.visibleTo(HOST, false));
    assertTrue(truth.visibleTo(OBSERVER, true));
    assertFalse(truth.visibleTo(OBSERVER, false));
    assertFalse(truth.visibleTo(NOR, true));
    assertTrue(open.visibleTo(OBSERVER, false));
    assertFalse(open.visibleTo(OBSERVER, true));
    assertFalse(open.visibleTo(HOST, false));
    assertFalse(open.visibleTo(NOR, false));
  }
}
