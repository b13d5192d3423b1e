package com.brandpulse.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's text templates, read once from the class-path resource {@value #RESOURCE}
 * (conf/demo/templates.txt, whose header describes the format): by domain (airline, English tech,
 * Korean tech, generic English) and kind of post, with the topic-labelled subsets that replies draw
 * on. {@link Renderer} expands them.
 */
final class Lexicon {
  static final String RESOURCE = "/demo/templates.txt";

  /** What a template is for; {@code mood} is its polarity (-1, 0, 1). */
  enum K {
    NEG(-1),
    UPDATE(-1),
    SPIKE(-1),
    NEU(0),
    Q(0),
    POS(1),
    PROMO(1),
    EMP(1),
    EXEMP(-1),
    NOISE(0),
    SUP_NEG(0),
    SUP_Q(0),
    SUP_POS(1),
    SUP_SPIKE(0),
    COMMISERATE(-1),
    DEFEND(1),
    ANSWER(0),
    CHEER(1),
    THANKS(1),
    STILL_BAD(-1),
    QUOTE(0),
    PROMO_REPLY(0),
    CONTACT(0),
    EXTRA_NEG(-1),
    EXTRA_POS(1),
    EXTRA_NEU(0),
    TITLE_NEG(-1),
    TITLE_Q(0),
    TITLE_POS(1),
    TITLE_NEU(0),
    TITLE_SPIKE(-1);

    final int mood;

    K(int mood) {
      this.mood = mood;
    }
  }

  static final int AIR = 0, TECH_EN = 1, TECH_KO = 2, GEN_EN = 3;
  private static final List<String> DOMAINS = List.of("AIR", "TECH_EN", "TECH_KO", "GEN_EN");

  /** A "{slot}" in a template: its code (Renderer) and the Korean particle pair, if any. */
  record Slot(int code, String afterConsonant, String afterVowel) {}

  /** A parsed template: its topic label (or null) and its parts, strings and slots in order. */
  record Template(String label, Object[] parts) {}

  /** Templates by [domain][kind]; labelled subsets by [domain][kind] label. */
  static final Template[][][] LEX = new Template[4][K.values().length][];

  static final List<Map<String, Template[]>> LABELLED = new ArrayList<>();
  static final Template[][][] UNLABELLED = new Template[4][K.values().length][];

  private Lexicon() {}

  static int domain(Kit kit, boolean ko) {
    return ko ? TECH_KO : kit == null || kit.airline() ? AIR : TECH_EN;
  }

  private static void put(int dom, K k, String... texts) {
    Template[] add = new Template[texts.length];
    for (int i = 0; i < texts.length; i++) add[i] = parse(texts[i]);
    Template[] old = LEX[dom][k.ordinal()];
    LEX[dom][k.ordinal()] = old == null ? add : concat(old, add);
  }

  private static Template[] concat(Template[] a, Template[] b) {
    Template[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private static Template parse(String src) {
    String label = null;
    int bar = src.indexOf('|');
    if (bar > 0 && bar < 30 && src.lastIndexOf('{', bar) < 0) {
      label = src.substring(0, bar);
      src = src.substring(bar + 1);
    }
    List<Object> parts = new ArrayList<>();
    int i = 0;
    while (i < src.length()) {
      int open = src.indexOf('{', i);
      if (open < 0) {
        parts.add(src.substring(i));
        break;
      }
      if (open > i) parts.add(src.substring(i, open));
      int close = src.indexOf('}', open);
      String spec = src.substring(open + 1, close);
      String name = spec;
      String cons = null, vowel = null;
      int colon = spec.indexOf(':');
      if (colon >= 0) {
        name = spec.substring(0, colon);
        String[] pair = spec.substring(colon + 1).split("/");
        cons = pair[0];
        vowel = pair[1];
      }
      int code = Renderer.slotCode(name);
      if (code < 0) throw new IllegalStateException("unknown slot {" + name + "} in: " + src);
      parts.add(new Slot(code, cons, vowel));
      i = close + 1;
    }
    return new Template(label, parts.toArray());
  }

  /**
   * Reads the resource's sections in order, as if each were one put(domain, kind, templates...)
   * call.
   */
  private static void load() {
    try (InputStream in = Lexicon.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException("missing class-path resource " + RESOURCE);
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      int dom = -1;
      K kind = null;
      List<String> texts = new ArrayList<>();
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) continue;
        if (line.startsWith("[")) {
          if (kind != null) put(dom, kind, texts.toArray(new String[0]));
          String[] head = line.substring(1, line.indexOf(']')).trim().split("\\s+");
          dom = DOMAINS.indexOf(head[0]);
          if (dom < 0 || head.length != 2)
            throw new IllegalStateException(RESOURCE + ": bad section " + line);
          kind = K.valueOf(head[1]);
          texts.clear();
        } else if (kind == null) {
          throw new IllegalStateException(RESOURCE + ": template before any section: " + line);
        } else {
          texts.add(line);
        }
      }
      if (kind != null) put(dom, kind, texts.toArray(new String[0]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static {
    load();

    // English domains also draw on the generic pool; labelled subsets serve topic-matched replies.
    for (int dom : new int[] {AIR, TECH_EN}) {
      for (K k : K.values()) {
        Template[] gen = LEX[GEN_EN][k.ordinal()];
        if (gen != null)
          LEX[dom][k.ordinal()] =
              LEX[dom][k.ordinal()] == null ? gen : concat(LEX[dom][k.ordinal()], gen);
      }
    }
    for (int dom = 0; dom < 4; dom++) {
      Map<String, Template[]> byLabel = new HashMap<>();
      for (K k : K.values()) {
        Template[] all = LEX[dom][k.ordinal()];
        if (all == null) continue;
        Map<String, List<Template>> groups = new LinkedHashMap<>();
        List<Template> plain = new ArrayList<>();
        for (Template t : all) {
          if (t.label() == null) plain.add(t);
          else groups.computeIfAbsent(t.label(), x -> new ArrayList<>()).add(t);
        }
        groups.forEach(
            (label, ts) -> byLabel.put(k.name() + '|' + label, ts.toArray(new Template[0])));
        UNLABELLED[dom][k.ordinal()] = plain.isEmpty() ? all : plain.toArray(new Template[0]);
      }
      LABELLED.add(byLabel);
    }
  }
}
