package com.brandpulse.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.brandpulse.TestSpark;
import com.brandpulse.common.Pseudonymizer;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The masking corpus: tricky ways real posts and profiles name, reach or locate a person, in
 * English, Korean, Japanese, German and French, each with the exact text silver must hold.
 */
@Tag("fast")
class MaskingCorpusTest {
  private final Pseudonymizer p = TestSpark.pseudonyms();
  private final TextCleaner cleaner = TextAndTimeTest.cleaner(p);

  private String x(String handle) {
    return "@" + p.handle("twitter", handle);
  }

  private void masks(String expected, String text) {
    assertEquals(expected, cleaner.clean(text, "twitter").text(), text);
  }

  @Test
  void english() {
    masks(
        "Call me at <phone> or mail <email>",
        "Call me at +1 (212) 555-0187 or mail john.doe@example.com");
    masks("Ring <phone> tomorrow, or <phone>", "Ring 020 7946 0958 tomorrow, or +44 20 7946 0958");
    masks("thanks " + x("delta_help") + " for nothing", "thanks \uFF20delta_help for nothing");
    masks("ping " + x("JetBlue") + " now", "ping \uFE6BJetBlue now");
    masks("see <link " + x("jack") + "> lol", "see https://twitter.com/jack/status/20 lol");
    masks("follow <link " + x("SomeUser") + ">", "follow x.com/SomeUser");
    masks("RT" + x("united") + ": late again", "RT@united: late again");
    masks(x("abcdefghijklmnopqrstuvwxyz") + " hi", "@abcdefghijklmnopqrstuvwxyz hi");
    masks("badtext", "bad\u0000te\u0007xt");
  }

  @Test
  void ordinaryNumbersAndLinksStay() {
    String plain =
        "flight 1234 on 2015-02-24 at 10:30pm, $19.99, 3.1415926535, id 570306133677760513,"
            + " read https://www.delta.com/us/en/check-in/2015 #fail";
    masks(plain, plain);
  }

  @Test
  void korean() {
    masks(
        "문의는 <phone> 또는 <email> 로 주세요 " + x("hanbit_phone") + "님",
        "문의는 010-1234-5678 또는 hong@회사.kr 로 주세요 @hanbit_phone님");
    masks("서울 <phone>, 해외 <phone>", "서울 02-312-3456, 해외 +82 2-312-3456");
  }

  @Test
  void japanese() {
    masks(
        "お問い合わせは<phone>まで、または" + x("yamada_taro") + "さんへ",
        "お問い合わせは03-1234-5678まで、または＠yamada_taroさんへ");
  }

  @Test
  void german() {
    masks(
        "Schreib an <email> oder ruf <phone> an, Handy <phone>",
        "Schreib an jürgen.müller@beispiel.de oder ruf +49 30 12345678 an, Handy 0151 23456789");
  }

  @Test
  void french() {
    masks(
        "Appelez le <phone> ou écrivez à <email>",
        "Appelez le 01 23 45 67 89 ou écrivez à élodie@exemple.fr");
  }

  @Test
  void fediverseAndOtherPlatforms() {
    String alice = "@" + p.handle("mastodon", "alice@mastodon.social");
    String bob = "@" + p.handle("mastodon", "bob@mastodon.social");
    TextCleaner.Cleaned cleaned =
        cleaner.clean(
            "merci @alice@mastodon.social et https://mastodon.social/@bob/109 https://www.reddit.com/user/spez/",
            "twitter");
    assertEquals(
        "merci " + alice + " et <link " + bob + "> <link @" + p.handle("reddit", "spez") + ">",
        cleaned.text());
    assertEquals(
        List.of(alice.substring(1), bob.substring(1), p.handle("reddit", "spez")),
        cleaned.mentionKeys());
    assertEquals(
        "hi @" + p.handle("bluesky", "jay.bsky.team"),
        cleaner.clean("hi @jay.bsky.team", "bluesky").text());
  }

  @Test
  void profilesAndRawRecords() {
    assertEquals(
        "NYC | dm <email> | <phone> | " + x("johnny"),
        cleaner.mask("NYC | dm john@doe.com | 212-555-0187 | @johnny", "twitter"));
    assertEquals(
        "{\"user\":{\"screen_name\":\"<person>\",\"location\":\"<person>\"},\"text\":\"hi <email>\"}",
        cleaner.maskRaw(
            "{\"user\":{\"screen_name\":\"jack\",\"location\":\"SF 415-555-0100\"},"
                + "\"text\":\"hi jack@x.org\"}",
            "twitter"));
  }
}
