package com.brandpulse.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import com.brandpulse.common.Progress;
import com.brandpulse.common.Tables;
import com.typesafe.config.Config;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Trains a sentiment model for one language from ml.labelled_posts and registers it. Layer: ml.
 * Inputs: ml.labelled_posts (training sources minus any text that is also in the evaluation data).
 * Outputs: a version in ml.model_registry and its artifact. A seeded search picks the
 * hyper-parameters on a tuning slice of the training data; the final model is fitted on all
 * training rows and measured on the evaluation data, which the search never saw. It becomes
 * champion only when it beats the current champion re-measured on that same evaluation data. Rerun:
 * a new version each run; the same data and seed give the same metrics.
 */
public final class SentimentTrainJob {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(SentimentTrainJob.class);

  private SentimentTrainJob() {}

  /**
   * Where a language's training and evaluation rows come from ({@code ml.sentiment.<lang>}). The
   * evaluation data decides promotion; {@code alsoEvaluate} are further held-out sets the registry
   * reports beside it (never trained on either).
   */
  public record DataSpec(
      List<String> trainSources,
      List<String> trainSplits,
      String evaluationSource,
      List<String> evaluationSplits,
      double tuneFraction,
      List<HeldOut> alsoEvaluate) {
    /** Without further held-out sets. */
    public DataSpec(
        List<String> trainSources,
        List<String> trainSplits,
        String evaluationSource,
        List<String> evaluationSplits,
        double tuneFraction) {
      this(trainSources, trainSplits, evaluationSource, evaluationSplits, tuneFraction, List.of());
    }

    public static DataSpec fromConfig(Config c) {
      List<HeldOut> also = new ArrayList<>();
      if (c.hasPath("also-evaluate")) {
        for (Config e : c.getConfigList("also-evaluate")) {
          also.add(new HeldOut(e.getString("source"), e.getStringList("splits")));
        }
      }
      return new DataSpec(
          c.getStringList("train-sources"),
          c.getStringList("train-splits"),
          c.getString("evaluation-source"),
          c.getStringList("evaluation-splits"),
          c.getDouble("search.tune-fraction"),
          List.copyOf(also));
    }

    /** How the registry names the evaluation data a model was measured on. */
    public String evaluationData(long posts) {
      return evaluationSource + " " + evaluationSplits + ", " + posts + " posts";
    }
  }

  /** A held-out set reported beside the evaluation data: a source and its splits. */
  public record HeldOut(String source, List<String> splits) {
    Dataset<Row> rows(Dataset<Row> labelled) {
      return labelled.where(col("source").equalTo(source).and(col("split").isin(splits.toArray())));
    }

    /** Prefix of its metrics in the registry: {@code tweeteval:validation.macro_recall}. */
    public String key() {
      return source + (splits.size() == 1 && source.endsWith(":" + splits.get(0)) ? "" : splits);
    }
  }

  /**
   * One search trial: its parameters and its selection metric on the tuning slice (NaN for a lone
   * draw, not tuned).
   */
  public record Trial(SentimentTraining.Params params, double tuneScore, double seconds) {}

  public record Result(
      ModelRegistry.Version version,
      ClassificationMetrics metrics,
      Map<String, ClassificationMetrics> alsoMetrics,
      List<Trial> trials,
      ClassificationMetrics championMetrics,
      boolean promoted,
      String decision) {}

  public static String modelName(String lang) {
    return "sentiment-" + lang;
  }

  /**
   * Training rows: the training sources and splits, minus texts that also occur in the evaluation
   * data.
   */
  public static Dataset<Row> trainingRows(
      Dataset<Row> labelled, DataSpec spec, Dataset<Row> evaluation) {
    Column source =
        spec.trainSources().stream()
            .map(s -> col("source").like(s.replace("*", "%")))
            .reduce(Column::or)
            .orElse(lit(false));
    return labelled
        .where(source.and(col("split").isin(spec.trainSplits().toArray())))
        .join(evaluation.select("text_hash").distinct(), "text_hash", "left_anti");
  }

  public static Dataset<Row> evaluationRows(Dataset<Row> labelled, DataSpec spec) {
    return new HeldOut(spec.evaluationSource(), spec.evaluationSplits()).rows(labelled);
  }

  /** Every held-out row: the evaluation data and the sets reported beside it. */
  static Dataset<Row> heldOutRows(Dataset<Row> labelled, DataSpec spec) {
    Dataset<Row> all = evaluationRows(labelled, spec);
    for (HeldOut h : spec.alsoEvaluate()) {
      all = all.union(h.rows(labelled));
    }
    return all;
  }

  /**
   * Deterministic tuning slice of the training rows, by split group (an NSMC movie stays whole).
   */
  static Column inTuneSlice(double fraction) {
    return expr("pmod(xxhash64(split_group, 'tune'), 1000) < " + Math.round(fraction * 1000));
  }

  public static Result run(
      SparkSession spark,
      String warehouse,
      Config sentiment,
      String lang,
      boolean promote,
      Instant now)
      throws IOException {
    if (!sentiment.hasPath(lang)) {
      throw new IllegalArgumentException(
          "no sentiment settings for language " + lang + " (ml.sentiment." + lang + ")");
    }
    Config c = sentiment.getConfig(lang);
    DataSpec spec = DataSpec.fromConfig(c);
    SentimentFeaturizer featurizer = SentimentFeaturizer.fromConfig(lang, c.getConfig("features"));
    Config search = c.getConfig("search");
    // What "better" means for this language: macro recall (SemEval's metric) or accuracy (NSMC's).
    String metric = c.getString("selection-metric");
    if (!List.of("macro_recall", "accuracy", "macro_f1").contains(metric)) {
      throw new IllegalArgumentException(
          "ml.sentiment."
              + lang
              + ".selection-metric must be macro_recall, accuracy"
              + " or macro_f1, got "
              + metric);
    }
    ModelRegistry registry = new ModelRegistry(spark, warehouse);
    String table = Tables.ML_LABELLED_POSTS.path(warehouse);
    long tableVersion = registry.tableVersion(table);
    Dataset<Row> labelled =
        spark
            .read()
            .format("delta")
            .option("versionAsOf", tableVersion)
            .load(table)
            .where(col("lang").equalTo(lang));

    Dataset<Row> evaluation =
        evaluationRows(labelled, spec).orderBy("source_id").persist(StorageLevel.MEMORY_ONLY());
    List<Row> evalRows = evaluation.select("text", "label").collectAsList();
    if (evalRows.isEmpty()) {
      throw new IllegalStateException(
          "no evaluation rows: "
              + spec.evaluationSource()
              + " "
              + spec.evaluationSplits()
              + " in ml.labelled_posts for lang "
              + lang
              + "; import them with `labels import`");
    }
    Dataset<Row> train =
        trainingRows(labelled, spec, heldOutRows(labelled, spec))
            .persist(StorageLevel.MEMORY_ONLY());
    long started = System.nanoTime();

    Progress progress = Progress.current();
    progress.phase("idf");
    double nbBeta =
        c.getConfig("features").hasPath("nb-weight")
            ? c.getConfig("features").getDouble("nb-weight")
            : 0;
    float[] idf =
        weighted(
            SentimentTraining.idf(SentimentTraining.texts(train), featurizer),
            SentimentTraining.nbWeights(train, featurizer, nbBeta));
    LOG.info("idf over {} features: {} s", featurizer.size(), secondsSince(started));
    Dataset<Row> flagged =
        train
            .select("text", "label", "split_group")
            .withColumn("tune", inTuneSlice(spec.tuneFraction()));
    Map<String, Long> allCounts = counts(flagged);
    // NSMC has no neutral class: a two-class data set trains a model that (almost) never says
    // neutral.
    if (allCounts.size() < 2) {
      throw new IllegalStateException(
          "training data for " + lang + " has fewer than two classes: " + allCounts);
    }

    List<SentimentTraining.Params> draws =
        SentimentTraining.searchSpace(
            search.getLong("seed"),
            search.getInt("trials"),
            search.getDouble("reg-min"),
            search.getDouble("reg-max"),
            search.getDouble("class-weight-power-min"),
            search.getDouble("class-weight-power-max"),
            search.getInt("max-iter-min"),
            search.getInt("max-iter-max"));
    List<Trial> trials = new ArrayList<>();
    if (draws.size() == 1) {
      // One draw leaves nothing to choose: no tuning fit, the model trains once on all the training
      // data.
      trials.add(new Trial(draws.get(0), Double.NaN, 0));
    } else {
      Dataset<Row> fitPart =
          SentimentTraining.vectors(flagged.where("NOT tune"), featurizer, idf)
              .persist(StorageLevel.MEMORY_ONLY());
      List<Row> tuneRows = flagged.where("tune").select("text", "label").collectAsList();
      Map<String, Long> fitCounts = counts(flagged.where("NOT tune"));
      progress.phase("search", draws.size(), "trials");
      for (SentimentTraining.Params p : draws) {
        long t0 = System.nanoTime();
        SentimentModel m = SentimentTraining.fit(fitPart, fitCounts, p, featurizer, idf);
        double score =
            SentimentTraining.evaluate(m, column(tuneRows, 0), column(tuneRows, 1))
                .asMap()
                .get(metric);
        trials.add(new Trial(p, score, secondsSince(t0)));
        progress.done(trials.size());
        LOG.info("trial {}: tuning {} {} in {} s", p, metric, score, secondsSince(t0));
      }
      fitPart.unpersist();
    }
    Trial best =
        trials.stream().max(java.util.Comparator.comparingDouble(Trial::tuneScore)).orElseThrow();

    progress.phase("final fit");
    Dataset<Row> allVectors =
        SentimentTraining.vectors(flagged, featurizer, idf).persist(StorageLevel.MEMORY_ONLY());
    SentimentModel model =
        SentimentTraining.fit(allVectors, allCounts, best.params(), featurizer, idf);
    allVectors.unpersist();
    List<SentimentModel> members = new ArrayList<>();
    for (SentimentFeaturizer view :
        SentimentFeaturizer.memberViews(lang, c.getConfig("features"))) {
      // Each view fits with the parameters the search chose for the main one.
      progress.phase("ensemble member " + (members.size() + 1));
      float[] viewIdf =
          weighted(
              SentimentTraining.idf(SentimentTraining.texts(train), view),
              SentimentTraining.nbWeights(train, view, nbBeta));
      Dataset<Row> viewVectors =
          SentimentTraining.vectors(flagged, view, viewIdf).persist(StorageLevel.MEMORY_ONLY());
      members.add(SentimentTraining.fit(viewVectors, allCounts, best.params(), view, viewIdf));
      viewVectors.unpersist();
    }
    model = model.withMembers(members);
    double seconds = (System.nanoTime() - started) / 1e9;
    ClassificationMetrics metrics =
        SentimentTraining.evaluate(model, column(evalRows, 0), column(evalRows, 1));
    Map<String, ClassificationMetrics> also = new LinkedHashMap<>();
    for (HeldOut h : spec.alsoEvaluate()) {
      List<Row> rows =
          h.rows(labelled).orderBy("source_id").select("text", "label").collectAsList();
      if (!rows.isEmpty()) {
        also.put(h.key(), SentimentTraining.evaluate(model, column(rows, 0), column(rows, 1)));
      }
    }
    Map<String, Double> registered = new LinkedHashMap<>(metrics.asMap());
    also.forEach((key, m) -> m.asMap().forEach((k, v) -> registered.put(key + "." + k, v)));

    String name = modelName(lang);
    int version = registry.nextVersion(name);
    String artifact = registry.artifactPath(name, version);
    registry.saveSentiment(model, artifact);
    Map<String, String> params = new LinkedHashMap<>(best.params().asMap());
    params.put("feature_bits", Integer.toString(featurizer.bits()));
    params.put("word_ngrams", "1-" + featurizer.wordNgrams());
    params.put(
        "char_ngrams",
        featurizer.charMax() == 0 ? "none" : featurizer.charMin() + "-" + featurizer.charMax());
    params.put("morphemes", featurizer.morphemes() ? "nori-discard" : "none");
    params.put("lexicons", featurizer.lexicons() ? "vader,afinn-165,emoji" : "none");
    params.put("nb_weight", Double.toString(nbBeta));
    params.put(
        "ensemble",
        members.isEmpty()
            ? "none"
            : members.size()
                + " more view(s): "
                + members.stream()
                    .map(m -> SentimentFeaturizer.describe(m.featurizer()))
                    .collect(Collectors.joining("; ")));
    params.put("selection_metric", metric);
    params.put(
        "search",
        "seed "
            + search.getLong("seed")
            + ", "
            + (trials.size() == 1
                ? "one draw, not tuned"
                : trials.size() + " trials on a " + spec.tuneFraction() + " tuning slice"));
    params.put("train_sources", String.join(",", spec.trainSources()) + " " + spec.trainSplits());
    String evaluationData = spec.evaluationData(evalRows.size());
    ModelRegistry.Version candidate =
        new ModelRegistry.Version(
            name,
            version,
            "sentiment",
            lang,
            params,
            Tables.ML_LABELLED_POSTS.qualifiedName(),
            tableVersion,
            allCounts.values().stream().mapToLong(Long::longValue).sum(),
            evaluationData,
            registered,
            metrics.confusionText(),
            seconds,
            artifact,
            "candidate",
            null,
            now,
            null);
    registry.register(candidate);
    train.unpersist();
    evaluation.unpersist();

    // Champion re-measured on this run's evaluation data: a comparison on the same posts.
    var champion = registry.champion(name);
    ClassificationMetrics championMetrics = null;
    String decision;
    boolean better;
    if (champion.isEmpty()) {
      better = true;
      decision = "first model for " + name;
    } else {
      championMetrics =
          SentimentTraining.evaluate(
              registry.loadSentiment(champion.get()), column(evalRows, 0), column(evalRows, 1));
      better = metrics.asMap().get(metric) > championMetrics.asMap().get(metric);
      decision =
          String.format(
              "%s %.4f vs champion v%d %.4f on %s",
              metric,
              metrics.asMap().get(metric),
              champion.get().version(),
              championMetrics.asMap().get(metric),
              evaluationData);
    }
    ModelRegistry.Version settled =
        registry.settle(candidate, better, championMetrics != null, decision, promote, now);
    boolean promoted = settled.status().equals("champion");
    return new Result(settled, metrics, also, trials, championMetrics, promoted, decision);
  }

  private static float[] weighted(float[] idf, float[] weights) {
    for (int i = 0; i < idf.length; i++) {
      idf[i] *= weights[i];
    }
    return idf;
  }

  private static double secondsSince(long nanos) {
    return Math.round((System.nanoTime() - nanos) / 1e8) / 10.0;
  }

  private static Map<String, Long> counts(Dataset<Row> rows) {
    return rows.groupBy("label").count().collectAsList().stream()
        .collect(
            Collectors.toMap(r -> r.<String>getAs("label"), r -> r.getLong(r.fieldIndex("count"))));
  }

  private static List<String> column(List<Row> rows, int i) {
    return rows.stream().map(r -> r.getString(i)).toList();
  }
}
