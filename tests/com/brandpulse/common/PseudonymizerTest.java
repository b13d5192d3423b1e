package com.brandpulse.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Pseudonyms of handles and ids, and of accounts as configuration names them on any platform. */
class PseudonymizerTest {
  private final Pseudonymizer p = new Pseudonymizer("a test key that is long enough to be used");

  @Test
  void handlesIgnoreCaseAndTheAtSignAndAreKeyedByPlatform() {
    assertEquals(p.handle("twitter", "AuroraAir"), p.handle("twitter", "@auroraair"));
    assertNotEquals(p.handle("twitter", "AuroraAir"), p.handle("reddit", "AuroraAir"));
    assertNotEquals(
        p.handle("twitter", "7"), p.accountId("twitter", "7"), "handles and ids never collide");
    assertNull(p.handle("reddit", "[deleted]"));
  }

  @Test
  void configuredAccountsNameTheirPlatform() {
    assertEquals(
        p.handle("twitter", "AuroraAir"), p.account("AuroraAir"), "a bare handle is an X handle");
    assertEquals(
        p.handle("mastodon", "care@brand.social"), p.account("mastodon:care@brand.social"));
    assertEquals(p.handle("bluesky", "brand.bsky.social"), p.account("bluesky:brand.bsky.social"));
    assertEquals(p.handle("youtube", "Brand"), p.account("youtube:@Brand"));
    assertEquals(p.accountId("facebook", "1234567890"), p.account("facebook#1234567890"));
    assertEquals(
        p.handle("twitter", "weird:name"),
        p.account("weird:name"),
        "an unknown prefix is part of a handle");
  }
}
