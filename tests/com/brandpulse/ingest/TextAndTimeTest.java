package com.brandpulse.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.brandpulse.TestSpark;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The pure helpers: timestamps in every archive shape, text cleaning. */
@Tag("fast")
class TextAndTimeTest {
  @Test
  void parsesEveryTimestampShape() {
    Instant expected = Instant.parse("2015-02-24T19:35:52Z");
    assertEquals(expected, Timestamps.parse("Tue Feb 24 19:35:52 +0000 2015"));
    assertEquals(expected, Timestamps.parse("2015-02-24 11:35:52 -0800"));
    assertEquals(expected, Timestamps.parse("2015-02-24T19:35:52.000Z"));
    assertEquals(expected, Timestamps.parse("2015-02-24T19:35:52+0000"));
    assertEquals(expected, Timestamps.parse("2015-02-24T20:35:52+01:00"));
    assertEquals(expected, Timestamps.parse("1424806552"));
    assertEquals(expected, Timestamps.parse("1424806552.0"));
    assertEquals(expected, Timestamps.parse("1424806552000"));
    assertEquals(
        Instant.parse("2026-01-01T10:00:59.783492Z"),
        Timestamps.parse("2026-01-01T10:00:59.78349200Z"));
    assertNull(Timestamps.parse("not a date"));
  }

  @Test
  void snowflakeIdsCarryTheirTime() {
    // 570306133677760513 is the first row of the airline Tweets.csv, created 2015-02-24 11:35:52
    // -0800
    assertEquals(
        Instant.parse("2015-02-24T19:35:52Z"),
        Timestamps.fromSnowflake("570306133677760513")
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertNull(Timestamps.fromSnowflake("12345"));
  }

  @Test
  void dottedHandlesElsewhereAreMaskedWhole() {
    var p = TestSpark.pseudonyms();
    var cleaner = new TextCleaner(p, java.util.List.of("US"));
    assertEquals(
        "thanks @" + p.handle("facebook", "adam.the.creator") + ".",
        cleaner.clean("thanks @adam.the.creator.", "facebook").text());
    // on X a handle has no dot: the rest is text
    assertEquals(
        "thanks @" + p.handle("twitter", "adam") + ".the",
        cleaner.clean("thanks @adam.the", "twitter").text());
  }

  @Test
  void cleansTextWithoutTouchingOrdinaryNumbers() {
    var p = TestSpark.pseudonyms();
    var cleaned =
        cleaner(p)
            .clean(
                "@united flight 1234 on 2015-02-24, call 010-1234-5678 or (02) 123-4567,"
                    + " a@b.co",
                "twitter");
    assertEquals(
        "@"
            + p.handle("twitter", "united")
            + " flight 1234 on 2015-02-24, call <phone> or <phone>,"
            + " <email>",
        cleaned.text());
    assertEquals(
        "if a < b && c > d 'q'",
        TextCleaner.decodeEntities("if a &lt; b &amp;&amp; c &gt; d &#39;q&#39;"));
    var korean = cleaner(p).clean("@RedKimLip님 감사합니다, w/@Ianfitzespn", "twitter");
    assertEquals(
        "@"
            + p.handle("twitter", "RedKimLip")
            + "님 감사합니다, w/@"
            + p.handle("twitter", "Ianfitzespn"),
        korean.text());
    assertEquals(
        "Phone#: <phone>; rebook!!! <phone>. order 123456789, id 570306133677760513, 3.1415926535",
        cleaner(p)
            .clean(
                "Phone#: 7703743799; rebook!!! 7403607771. order 123456789, id 570306133677760513,"
                    + " 3.1415926535",
                "twitter")
            .text());
    var reddit = cleaner(p).clean("thanks u/Some_User and /u/other", "reddit");
    assertEquals(
        "thanks u/" + p.handle("reddit", "Some_User") + " and /u/" + p.handle("reddit", "other"),
        reddit.text());
  }

  @Test
  void pseudonymsAreKeyedStableAndCaseInsensitive() {
    var p = TestSpark.pseudonyms();
    assertEquals(p.handle("twitter", "@United"), p.handle("twitter", "united"));
    assertEquals(22, p.handle("twitter", "united").length());
    assertNull(p.handle("reddit", "[deleted]"));
    org.junit.jupiter.api.Assertions.assertNotEquals(
        p.handle("twitter", "united"),
        new com.brandpulse.common.Pseudonymizer("another-key-0123456789")
            .handle("twitter", "united"));
  }

  static TextCleaner cleaner(com.brandpulse.common.Pseudonymizer p) {
    return new TextCleaner(
        p, com.brandpulse.common.AppConfig.defaults().get().getStringList("privacy.phone-regions"));
  }
}
