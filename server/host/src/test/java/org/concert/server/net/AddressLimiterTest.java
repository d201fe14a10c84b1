package org.concert.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressLimiterTest {

  @Test
  void tryAcquire_upToTheBound_perAddress() {
    AddressLimiter limiter = new AddressLimiter(2);

    assertTrue(limiter.tryAcquire("10.0.0.1"));
    assertTrue(limiter.tryAcquire("10.0.0.1"));
    assertFalse(limiter.tryAcquire("10.0.0.1"));
    assertTrue(limiter.tryAcquire("10.0.0.2"), "another address has its own places");
    assertEquals(2, limiter.count("10.0.0.1"));
  }

  @Test
  void release_freesAPlace_andForgetsAnAddressWithNone() {
    AddressLimiter limiter = new AddressLimiter(1);
    limiter.tryAcquire("10.0.0.1");

    limiter.release("10.0.0.1");

    assertEquals(0, limiter.count("10.0.0.1"));
    assertTrue(limiter.tryAcquire("10.0.0.1"));
    limiter.release("10.0.0.9"); // never held: nothing happens
    assertEquals(0, limiter.count("10.0.0.9"));
  }

  @Test
  void tryAcquire_withBoundZero_neverRefuses() {
    AddressLimiter limiter = new AddressLimiter(0);
    for (int i = 0; i < 1_000; i++) {
      assertTrue(limiter.tryAcquire("10.0.0.1"));
    }
  }
}
