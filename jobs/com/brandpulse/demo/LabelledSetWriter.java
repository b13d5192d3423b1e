package com.brandpulse.demo;

import static com.brandpulse.demo.Lexicon.LEX;
import static com.brandpulse.demo.SampleArchive.LABEL_DIRS;

import com.brandpulse.demo.Lexicon.K;
import com.brandpulse.ml.LabelledPost;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The labelled set for the sentiment models (labels/): see {@link #write}. Written last, so the
 * posts and every other file stay what they were for a seed.
 */
final class LabelledSetWriter {
  /** What a customer writes, per polarity: the kinds the labelled texts are drawn from. */
  private static final K[] SENTIMENT_KINDS = {
    K.NEG, K.UPDATE, K.STILL_BAD, K.COMMISERATE, K.NEU, K.Q, K.POS, K.CHEER, K.THANKS, K.DEFEND
  };

  private static final int EN_TRAIN = 1500, EN_EVAL = 300, KO_ALL = 1500;

  private final Output output;
  private final SplittableRandom rng;
  private final Renderer renderer;
  private final Personas personas;

  LabelledSetWriter(Output output, SplittableRandom rng, Renderer renderer, Personas personas) {
    this.output = output;
    this.rng = rng;
    this.renderer = renderer;
    this.personas = personas;
  }

  /**
   * Texts drawn from the posts' templates but rendered anew (not the posts themselves), labelled by
   * their kind's polarity, in layouts `labels import` reads: English training rows as SemEval TSV,
   * English evaluation rows as TweetEval's validation files (the conf's evaluation source), Korean
   * as an NSMC ratings file (0/1: NSMC has no neutral class; split by id hash, about 10%
   * validation). Training leaves out any text whose normalised form is also in the evaluation data
   * (SentimentTrainJob), and templates with few slots repeat, so training rows are drawn first and
   * an evaluation text is redrawn while it repeats one: evaluation then measures renderings
   * training has not seen, and training keeps its rows.
   */
  long write() throws IOException {
    String[] names = {"negative", "neutral", "positive"};
    Set<String> seen = new HashSet<>();
    try (Writer w =
        output.writer(
            output.out.resolve(LABEL_DIRS.get("semeval")).resolve("demo-train.tsv"), "labels")) {
      for (int i = 0; i < EN_TRAIN; i++) {
        int mood = i % 3 - 1;
        w.write(
            "demo"
                + i
                + '\t'
                + names[mood + 1]
                + '\t'
                + labelledText(false, mood, null, seen)
                + '\n');
      }
    }
    Path tweetEval = output.out.resolve(LABEL_DIRS.get("tweeteval"));
    try (Writer texts = output.writer(tweetEval.resolve("val_text.txt"), "labels");
        Writer labels = output.writer(tweetEval.resolve("val_labels.txt"), "labels")) {
      for (int i = 0; i < EN_EVAL; i++) {
        int mood = i % 3 - 1;
        texts.write(labelledText(false, mood, seen, null) + '\n');
        labels.write((mood + 1) + "\n");
      }
    }
    seen.clear();
    try (Writer w =
        output.writer(
            output.out.resolve(LABEL_DIRS.get("nsmc")).resolve("ratings_demo.txt"), "labels")) {
      w.write("id\tdocument\tlabel\n");
      for (boolean validation : new boolean[] {false, true}) {
        for (int i = 0; i < KO_ALL; i++) {
          String id = Integer.toString(9_100_000 + i);
          if (LabelledPost.splitOf(id).equals("validation") != validation) continue;
          int mood = i % 2 == 0 ? -1 : 1;
          String t =
              validation
                  ? labelledText(true, mood, seen, null)
                  : labelledText(true, mood, null, seen);
          w.write(id + '\t' + t + '\t' + (mood > 0 ? 1 : 0) + '\n');
        }
      }
    }
    return EN_TRAIN + EN_EVAL + KO_ALL;
  }

  /**
   * One text of the given polarity by a customer about a brand (English: airlines and tech, as the
   * posts); redrawn (a few times) while its normalised form is in {@code avoid}, and added to
   * {@code add}.
   */
  private String labelledText(boolean ko, int mood, Set<String> avoid, Set<String> add) {
    String text = null;
    for (int tries = 0;
        tries < 20 && (text == null || avoid != null && avoid.contains(normalised(text)));
        tries++) {
      Kit kit =
          ko || rng.nextDouble() < 0.25
              ? Kit.KITS[Kit.HANBIT + rng.nextInt(2)]
              : Kit.KITS[rng.nextInt(3)];
      int dom = Lexicon.domain(kit, ko);
      List<K> kinds =
          Arrays.stream(SENTIMENT_KINDS)
              .filter(k -> k.mood == mood && LEX[dom][k.ordinal()] != null)
              .toList();
      Post p = new Post();
      p.format = Post.V1;
      p.ko = ko;
      p.kit = kit;
      p.mood = mood;
      p.author = personas.customer(ko, null);
      renderer.sb.setLength(0);
      renderer.render(renderer.pick(LEX[dom][kinds.get(rng.nextInt(kinds.size())).ordinal()]), p);
      text = renderer.finish().replace('\t', ' ').replace('\n', ' ');
    }
    if (add != null) add.add(normalised(text));
    return text;
  }

  /**
   * The text as training compares it with evaluation data (links, users, punctuation and spacing
   * left out).
   */
  private static String normalised(String text) {
    return new LabelledPost("", "", text, "", "", "", "").textHash();
  }
}
