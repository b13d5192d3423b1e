package com.brandpulse.demo;

/**
 * Snowflake-style ids: milliseconds since the Twitter epoch, then a 22-bit sequence. One sequence
 * serves accounts, posts and malformed lines alike, so ids stay unique and in creation order.
 */
final class Snowflakes {
  private static final long TWEPOCH = 1288834974657L;
  private long seq;

  long next(long ms) {
    return ((ms - TWEPOCH) << 22) | (seq++ & 0x3FFFFF);
  }
}
