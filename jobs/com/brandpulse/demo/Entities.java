package com.brandpulse.demo;

import java.util.Map;

/**
 * The entities of a tweet's text as Twitter reports them: #hashtags, @mentions of known accounts
 * and t.co links, with offsets in code points. {@link #scan} fills the arrays, which the v1.1 and
 * v2 writers then read.
 */
final class Entities {
  static final int HASHTAG = 0, MENTION = 1, URL = 2;

  // Scan results: kind, char offsets, code point offsets, the mentioned account.
  final int[] kind = new int[48],
      start = new int[48],
      end = new int[48],
      cpStart = new int[48],
      cpEnd = new int[48];
  final Persona[] account = new Persona[48];
  private final Map<String, Persona> byHandle;

  Entities(Map<String, Persona> byHandle) {
    this.byHandle = byHandle;
  }

  /**
   * Finds #hashtags, @mentions of known accounts and t.co links; offsets are in code points as
   * Twitter's are. Fills the arrays and returns how many it found.
   */
  int scan(String s) {
    int n = 0, cp = 0, len = s.length();
    for (int i = 0; i < len && n < kind.length; ) {
      char c = s.charAt(i);
      if ((c == '#' || c == '@') && (i == 0 || !isWordChar(s.charAt(i - 1)))) {
        int j = i + 1;
        while (j < len
            && (c == '#' ? isWordChar(s.charAt(j)) : isHandleChar(s.charAt(j)))
            && (c == '#' || j - i <= 15)) j++;
        Persona who = c == '@' && j > i + 1 ? byHandle.get(s.substring(i + 1, j)) : null;
        boolean hashtag = c == '#' && j > i + 1 && !allDigits(s, i + 1, j);
        if (hashtag || who != null) {
          record(n++, hashtag ? HASHTAG : MENTION, i, j, cp, cp + (j - i), who);
          cp += j - i;
          i = j;
          continue;
        }
      } else if (c == 'h' && s.startsWith("https://t.co/", i)) {
        int j = i;
        while (j < len && !Character.isWhitespace(s.charAt(j)) && s.charAt(j) < 128) j++;
        record(n++, URL, i, j, cp, cp + (j - i), null);
        cp += j - i;
        i = j;
        continue;
      }
      i += Character.isHighSurrogate(c) && i + 1 < len ? 2 : 1;
      cp++;
    }
    return n;
  }

  private void record(int n, int k, int s, int e, int cs, int ce, Persona who) {
    kind[n] = k;
    start[n] = s;
    end[n] = e;
    cpStart[n] = cs;
    cpEnd[n] = ce;
    account[n] = who;
  }

  private static boolean isWordChar(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  private static boolean isHandleChar(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean allDigits(String s, int from, int to) {
    for (int i = from; i < to; i++) if (!Character.isDigit(s.charAt(i))) return false;
    return true;
  }

  /**
   * The link a t.co URL stands for: the post's own or the one it quotes; otherwise the URL itself.
   */
  static String expanded(Post p, String url) {
    if (p.url != null && p.url.equals(url)) return p.urlExpanded;
    if (p.ref != null && p.ref.url != null && p.ref.url.equals(url)) return p.ref.urlExpanded;
    return url;
  }

  static String display(String expanded) {
    String d = expanded.substring(expanded.indexOf("//") + 2);
    return d.length() > 26 ? d.substring(0, 25) + "…" : d;
  }
}
