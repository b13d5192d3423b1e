package com.brandpulse.ml;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.brandpulse.common.Progress;
import com.brandpulse.common.Tables;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Topic-model training. Layer: ml. Inputs: the posts of one language (silver.posts +
 * silver.post_enrichment; for the {@code complaints} scope only those silver.post_sentiment calls
 * negative), or a text/JSONL file; more text of the language (all its posts, ml.labelled_posts) as
 * word context for Word2Vec. Output: a registered version of {@code topics-<lang>} or {@code
 * complaints-<lang>} in ml.model_registry with its artifact. With labelled evaluation data (JSONL
 * text + label) the version carries NMI and purity and becomes champion only if it beats the
 * champion re-measured on the same posts; without, the first version becomes champion and later
 * ones stay candidates until promoted by hand (topic ids change meaning between versions, so a
 * silent swap would re-label history).
 */
public final class TopicTrainJob {
  private TopicTrainJob() {}

  public static final List<String> SCOPES = List.of("posts", "complaints");

  public record Labelled(List<String> texts, List<String> labels) {}

  public record Result(
      ModelRegistry.Version version,
      TopicModel model,
      Optional<ClusteringMetrics> metrics,
      Optional<ClusteringMetrics> championMetrics,
      boolean promoted) {}

  public static String modelName(String scope, String lang) {
    if (!SCOPES.contains(scope)) {
      throw new IllegalArgumentException("--scope must be one of " + SCOPES + ", got " + scope);
    }
    return (scope.equals("posts") ? "topics-" : "complaints-") + lang;
  }

  /** Texts of the language from the warehouse: all posts, or the negative ones for complaints. */
  public static Dataset<Row> warehouseTexts(
      SparkSession spark, String warehouse, String lang, String scope) {
    Dataset<Row> posts =
        Tables.SILVER_POSTS
            .read(spark, warehouse)
            .where("NOT is_repost")
            .select("post_id", "text")
            .join(
                Tables.SILVER_POST_ENRICHMENT
                    .read(spark, warehouse)
                    .where(coalesce(col("lang"), lit("und")).equalTo(lang))
                    .select("post_id"),
                "post_id");
    if (scope.equals("complaints")) {
      posts =
          posts.join(
              Tables.SILVER_POST_SENTIMENT
                  .read(spark, warehouse)
                  .where("label = 'negative'")
                  .select("post_id"),
              "post_id");
    }
    return posts.select("text");
  }

  /**
   * More text of the language for word vectors: all its posts and labelled posts, where those
   * tables exist.
   */
  static Dataset<Row> wordContext(
      SparkSession spark, String warehouse, String lang, Set<String> excluded) {
    List<Dataset<Row>> parts = new ArrayList<>();
    if (Tables.SILVER_POSTS.exists(spark, warehouse)
        && Tables.SILVER_POST_ENRICHMENT.exists(spark, warehouse)) {
      parts.add(warehouseTexts(spark, warehouse, lang, "posts"));
    }
    if (Tables.ML_LABELLED_POSTS.exists(spark, warehouse)) {
      parts.add(
          Tables.ML_LABELLED_POSTS
              .read(spark, warehouse)
              .where(col("lang").equalTo(lang))
              .select("text"));
    }
    return parts.stream()
        .reduce(Dataset::union)
        .map(t -> TopicTraining.tokens(t, excluded))
        .orElse(null);
  }

  /**
   * Labelled posts in TweetTopic's layout: one JSON object per line with {@code text} and {@code
   * label_name} (or {@code label}). A line without them is an error naming the line, never skipped.
   */
  public static Labelled readLabelled(Path file) throws IOException {
    return readLabelled(file, null);
  }

  /**
   * Labelled posts: TweetTopic's JSONL layout, or with {@code labelColumn} a CSV file with a
   * header, a {@code text} column and that column (rows where it is empty are not labelled and left
   * out: in the airline Tweets.csv, {@code negativereason} labels exactly the negative tweets).
   */
  public static Labelled readLabelled(Path file, String labelColumn) throws IOException {
    return labelColumn != null
        ? readCsv(file, labelColumn)
        : readJsonLines(file, Files.readAllLines(file, StandardCharsets.UTF_8), true);
  }

  /** Rows of a CSV file with {@code text} and a non-empty {@code labelColumn}. */
  static Labelled readCsv(Path file, String labelColumn) throws IOException {
    CsvParserSettings settings = new CsvParserSettings();
    settings.setHeaderExtractionEnabled(true);
    settings.setLineSeparatorDetectionEnabled(true);
    settings.setMaxCharsPerColumn(100_000);
    CsvParser parser = new CsvParser(settings);
    List<String> texts = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    parser.beginParsing(file.toFile(), StandardCharsets.UTF_8);
    try {
      int textAt = -1;
      int labelAt = -1;
      String[] row;
      while ((row = parser.parseNext()) != null) {
        if (textAt < 0) {
          List<String> header = List.of(parser.getContext().headers());
          textAt = header.indexOf("text");
          labelAt = header.indexOf(labelColumn);
          if (textAt < 0 || labelAt < 0) {
            throw new IOException(
                file + ": needs columns \"text\" and \"" + labelColumn + "\", has " + header);
          }
        }
        String label = labelAt < row.length ? row[labelAt] : null;
        String text = textAt < row.length ? row[textAt] : null;
        if (label != null && !label.isBlank() && text != null && !text.isBlank()) {
          texts.add(text);
          labels.add(label.strip());
        }
      }
    } finally {
      parser.stopParsing();
    }
    if (texts.isEmpty()) {
      throw new IOException(file + " holds no rows with text and " + labelColumn);
    }
    return new Labelled(texts, labels);
  }

  /**
   * Texts of a training file: JSONL objects with {@code text}, plain UTF-8 lines, or with {@code
   * labelColumn} the labelled rows of a CSV file ({@link #readLabelled(Path, String)}).
   */
  static Dataset<Row> fileTexts(SparkSession spark, Path file, String labelColumn)
      throws IOException {
    if (labelColumn != null) {
      return spark
          .createDataset(readCsv(file, labelColumn).texts(), Encoders.STRING())
          .toDF("text");
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<String> texts =
        lines.stream().filter(l -> !l.isBlank()).allMatch(l -> l.strip().startsWith("{"))
            ? readJsonLines(file, lines, false).texts()
            : lines.stream().filter(l -> !l.isBlank()).toList();
    return spark.createDataset(texts, Encoders.STRING()).toDF("text");
  }

  /**
   * JSON lines with {@code text} (and, when {@code labelled}, a label); blank lines are allowed.
   */
  private static Labelled readJsonLines(Path file, List<String> lines, boolean labelled)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> texts = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int n = 1; n <= lines.size(); n++) {
      String line = lines.get(n - 1);
      if (line.isBlank()) {
        continue;
      }
      JsonNode o;
      try {
        o = json.readTree(line);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IOException(file + " line " + n + ": not JSON: " + e.getOriginalMessage(), e);
      }
      JsonNode label = o.hasNonNull("label_name") ? o.get("label_name") : o.get("label");
      if (!o.hasNonNull("text") || labelled && (label == null || label.isNull())) {
        throw new IOException(
            file
                + " line "
                + n
                + ": needs \"text\""
                + (labelled ? " and \"label_name\" or \"label\"" : ""));
      }
      texts.add(o.get("text").asText());
      labels.add(labelled ? label.asText() : null);
    }
    if (texts.isEmpty()) {
      throw new IOException(file + " holds no " + (labelled ? "labelled posts" : "posts"));
    }
    return new Labelled(texts, labels);
  }

  public static ClusteringMetrics evaluate(TopicModel model, Labelled data) {
    List<Integer> topics = new ArrayList<>(data.texts().size());
    for (String t : data.texts()) {
      topics.add(model.topic(t));
    }
    return ClusteringMetrics.of(data.labels(), topics);
  }

  /**
   * Trains, registers and (by the rule in the class comment) promotes one model.
   *
   * @param input training file, or null for the warehouse posts of the language and scope
   * @param evaluation labelled JSONL (or CSV with {@code labelColumn}), or null
   * @param labelColumn the label column of CSV input and evaluation files, or null for JSONL
   * @param excluded terms the model never uses ({@link TopicTokens#brandTerms}); its artifact keeps
   *     them, so scoring excludes the same
   */
  public static Result run(
      SparkSession spark,
      String warehouse,
      Config topics,
      String lang,
      String scope,
      Path input,
      Path evaluation,
      String labelColumn,
      Set<String> excluded,
      TopicTraining.Params params,
      boolean promote,
      Instant now)
      throws IOException {
    String name = modelName(scope, lang);
    ModelRegistry registry = new ModelRegistry(spark, warehouse);
    Labelled labelled = evaluation == null ? null : readLabelled(evaluation, labelColumn);
    String trainingTable;
    long tableVersion;
    Dataset<Row> texts;
    if (input != null) {
      texts = fileTexts(spark, input, labelColumn);
      trainingTable = "file:" + input.toAbsolutePath();
      tableVersion = 0;
    } else {
      tableVersion = registry.tableVersion(Tables.SILVER_POSTS.path(warehouse));
      texts = warehouseTexts(spark, warehouse, lang, scope);
      trainingTable =
          Tables.SILVER_POSTS.qualifiedName()
              + (scope.equals("complaints") ? " (negative posts)" : "");
    }
    Progress progress = Progress.current();
    progress.phase("tokens");
    Dataset<Row> tokens = TopicTraining.tokens(texts, excluded).persist(StorageLevel.MEMORY_ONLY());
    long rows = tokens.count();
    if (rows == 0) {
      throw new IllegalStateException(
          "no "
              + lang
              + " "
              + scope
              + " to train "
              + name
              + " on"
              + (input == null
                  ? " in the warehouse (run ingest, enrich and score first)"
                  : " in " + input));
    }
    Dataset<Row> context =
        topics.getBoolean("word-context") ? wordContext(spark, warehouse, lang, excluded) : null;
    long started = System.nanoTime();
    progress.phase("training " + params.asMap().getOrDefault("algorithm", "the model"));
    TopicModel model = TopicTraining.fit(tokens, context, lang, params).excluding(excluded);
    double seconds = (System.nanoTime() - started) / 1e9;
    tokens.unpersist();

    progress.phase("evaluation and registry");
    Optional<ClusteringMetrics> metrics =
        Optional.ofNullable(labelled).map(l -> evaluate(model, l));
    int version = registry.nextVersion(name);
    String artifact = registry.artifactPath(name, version);
    registry.saveTopics(model, artifact);
    Map<String, String> p = new LinkedHashMap<>(params.asMap());
    p.put("vocabulary", Integer.toString(model.vocabulary().length));
    p.put("scope", scope);
    p.put("excluded_terms", Integer.toString(excluded.size()));
    for (int t = 0; t < model.topics(); t++) {
      p.put(String.format("topic_%02d", t), String.join(", ", model.terms()[t]));
    }
    Map<String, Double> m =
        new LinkedHashMap<>(metrics.map(ClusteringMetrics::asMap).orElse(Map.of()));
    m.put("topics", (double) model.topics());
    String evaluationData =
        labelled == null
            ? "none"
            : evaluation.getFileName() + ", " + labelled.texts().size() + " labelled posts";
    ModelRegistry.Version candidate =
        new ModelRegistry.Version(
            name,
            version,
            "topics",
            lang,
            p,
            trainingTable,
            tableVersion,
            rows,
            evaluationData,
            m,
            null,
            seconds,
            artifact,
            "candidate",
            null,
            now,
            null);
    registry.register(candidate);

    Optional<ModelRegistry.Version> champion = registry.champion(name);
    Optional<ClusteringMetrics> championMetrics = Optional.empty();
    String decision;
    boolean better;
    if (champion.isEmpty()) {
      better = true;
      decision = "first model for " + name;
    } else if (labelled == null) {
      better = false;
      decision =
          "no evaluation data to compare with champion v"
              + champion.get().version()
              + "; promote it with `models promote` after a look at its topics";
    } else {
      championMetrics = Optional.of(evaluate(registry.loadTopics(champion.get()), labelled));
      better = metrics.orElseThrow().nmi() > championMetrics.get().nmi();
      decision =
          String.format(
              "NMI %.4f vs champion v%d %.4f on %s",
              metrics.orElseThrow().nmi(),
              champion.get().version(),
              championMetrics.get().nmi(),
              evaluationData);
    }
    ModelRegistry.Version registered =
        registry.settle(candidate, better, championMetrics.isPresent(), decision, promote, now);
    boolean promoted = registered.status().equals("champion");
    return new Result(registered, model, metrics, championMetrics, promoted);
  }
}
