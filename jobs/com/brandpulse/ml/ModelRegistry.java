package com.brandpulse.ml;

import com.brandpulse.common.DeltaVersions;
import com.brandpulse.common.Tables;
import io.delta.exceptions.DeltaConcurrentModificationException;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The model registry (ml.model_registry) and its artifacts ({@code
 * <warehouse>/ml/models/<name>/v<version>}). Layer: ml. Every training run registers a version; at
 * most one version per name is champion. Status changes (promote, rollback) are one Delta MERGE
 * each, so readers never see two champions or none half-way.
 */
public final class ModelRegistry {
  private final SparkSession spark;
  private final String warehouse;

  public ModelRegistry(SparkSession spark, String warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
    Tables.ML_MODEL_REGISTRY.ensure(spark, warehouse);
  }

  /** One registered version (a row of ml.model_registry). */
  public record Version(
      String name,
      int version,
      String kind,
      String lang,
      Map<String, String> params,
      String trainingTable,
      long trainingTableVersion,
      long trainingRows,
      String evaluationData,
      Map<String, Double> metrics,
      String confusionMatrix,
      double trainingSeconds,
      String artifactPath,
      String status,
      String statusReason,
      Instant createdAt,
      Instant promotedAt) {
    Row toRow() {
      return RowFactory.create(
          name,
          version,
          kind,
          lang,
          scala(params),
          trainingTable,
          trainingTableVersion,
          trainingRows,
          evaluationData,
          scala(metrics),
          confusionMatrix,
          trainingSeconds,
          artifactPath,
          status,
          statusReason,
          Timestamp.from(createdAt),
          promotedAt == null ? null : Timestamp.from(promotedAt));
    }

    static Version of(Row r) {
      return new Version(
          r.getAs("name"),
          r.<Integer>getAs("version"),
          r.getAs("kind"),
          r.getAs("lang"),
          r.getJavaMap(r.fieldIndex("params")),
          r.getAs("training_table"),
          r.<Long>getAs("training_table_version"),
          r.<Long>getAs("training_rows"),
          r.getAs("evaluation_data"),
          r.getJavaMap(r.fieldIndex("metrics")),
          r.getAs("confusion_matrix"),
          r.<Double>getAs("training_seconds"),
          r.getAs("artifact_path"),
          r.getAs("status"),
          r.getAs("status_reason"),
          r.<Timestamp>getAs("created_at").toInstant(),
          r.getAs("promoted_at") == null ? null : r.<Timestamp>getAs("promoted_at").toInstant());
    }

    public Version withStatus(String newStatus, String reason, Instant promoted) {
      return new Version(
          name,
          version,
          kind,
          lang,
          params,
          trainingTable,
          trainingTableVersion,
          trainingRows,
          evaluationData,
          metrics,
          confusionMatrix,
          trainingSeconds,
          artifactPath,
          newStatus,
          reason,
          createdAt,
          promoted);
    }
  }

  private static <K, V> scala.collection.immutable.Map<K, V> scala(Map<K, V> map) {
    return scala.collection.immutable.Map.from(scala.jdk.javaapi.CollectionConverters.asScala(map));
  }

  public Dataset<Row> table() {
    return Tables.ML_MODEL_REGISTRY.read(spark, warehouse);
  }

  public List<Version> versions(String name) {
    return all().stream().filter(v -> name == null || v.name().equals(name)).toList();
  }

  /**
   * Every version, read once per commit of the registry: a run asking for several champions reads
   * the table once, and a write (a new commit, found by listing the log) makes the next call read
   * it again.
   */
  private synchronized List<Version> all() {
    String stamp = DeltaVersions.stamp(spark, Tables.ML_MODEL_REGISTRY.path(warehouse));
    if (!stamp.equals(cachedStamp)) {
      cached =
          table().orderBy("name", "version").collectAsList().stream().map(Version::of).toList();
      cachedStamp = stamp;
    }
    return cached;
  }

  private List<Version> cached = List.of();
  private String cachedStamp;

  public Optional<Version> version(String name, int version) {
    return versions(name).stream().filter(v -> v.version() == version).findFirst();
  }

  public Optional<Version> champion(String name) {
    return versions(name).stream().filter(v -> v.status().equals("champion")).findFirst();
  }

  /**
   * champion, or a version number. A missing champion or version is the caller's mistake
   * (IllegalArgumentException: the CLI prints it in one line).
   */
  public Version resolve(String name, String ref) {
    if (ref == null || ref.equalsIgnoreCase("champion")) {
      return champion(name)
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "no champion for "
                          + name
                          + "; train one (train-sentiment) or promote a version (models promote)"));
    }
    int v;
    try {
      v = Integer.parseInt(ref.startsWith("v") ? ref.substring(1) : ref);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--model must be champion or a version number, got " + ref);
    }
    return version(name, v)
        .orElseThrow(() -> new IllegalArgumentException(name + " has no version " + v));
  }

  public int nextVersion(String name) {
    return versions(name).stream().mapToInt(Version::version).max().orElse(0) + 1;
  }

  public String artifactPath(String name, int version) {
    return warehouse + "/ml/models/" + name + "/v" + version;
  }

  /** Inserts a new version; fails if another run registered the same number meanwhile. */
  public void register(Version v) {
    retrying(() -> upsert(List.of(v), true));
    Version stored = version(v.name(), v.version()).orElseThrow();
    // Delta keeps microseconds: compare at that precision.
    if (!stored.artifactPath().equals(v.artifactPath())
        || stored.createdAt().toEpochMilli() != v.createdAt().toEpochMilli()) {
      throw new IllegalStateException(
          v.name() + " v" + v.version() + " was registered concurrently; rerun training");
    }
  }

  /** Makes {@code v} champion and retires the current one, in one commit. */
  public Version promote(Version v, String reason, Instant now) {
    return retrying(() -> promoteOnce(v, reason, now));
  }

  private Version promoteOnce(Version v, String reason, Instant now) {
    List<Version> changes = new java.util.ArrayList<>();
    champion(v.name())
        .filter(c -> c.version() != v.version())
        .ifPresent(
            c ->
                changes.add(
                    c.withStatus("retired", "replaced by v" + v.version(), c.promotedAt())));
    Version promoted = v.withStatus("champion", reason, now);
    changes.add(promoted);
    upsert(changes, false);
    return promoted;
  }

  /**
   * The champion goes back to the version that was champion before it; with none, the caller's
   * mistake (IllegalArgumentException).
   */
  public Version rollback(String name, String reason, Instant now) {
    return retrying(() -> rollbackOnce(name, reason, now));
  }

  private Version rollbackOnce(String name, String reason, Instant now) {
    Version current =
        champion(name)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no champion for " + name + "; nothing to roll back"));
    Version previous =
        versions(name).stream()
            .filter(v -> v.status().equals("retired") && v.promotedAt() != null)
            .max(Comparator.comparing(Version::promotedAt))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        name
                            + " v"
                            + current.version()
                            + " is the only version that was ever champion; nothing to roll back to"));
    Version restored =
        previous.withStatus(
            "champion", "rolled back from v" + current.version() + ": " + reason, now);
    upsert(
        List.of(current.withStatus("rolled_back", reason, current.promotedAt()), restored), false);
    return restored;
  }

  /**
   * Ends a training run: the registered candidate becomes champion when it is better and promotion
   * is on, else it stays candidate with the reason. {@code compared} says whether a champion was
   * measured against.
   */
  public Version settle(
      Version candidate,
      boolean better,
      boolean compared,
      String decision,
      boolean promote,
      Instant now) {
    if (promote && better) {
      return promote(candidate, decision, now);
    }
    String why =
        better
            ? "not promoted (--no-promote): " + decision
            : compared ? "does not beat the champion: " + decision : decision;
    setStatus(candidate, "candidate", why);
    return candidate.withStatus("candidate", why, null);
  }

  public void setStatus(Version v, String status, String reason) {
    retrying(() -> upsert(List.of(v.withStatus(status, reason, v.promotedAt())), false));
  }

  /** Tries of one registry change while other writers keep committing to the registry. */
  private static final int COMMIT_TRIES = 5;

  /**
   * Runs one registry change, again from its reads, when another writer committed to the registry
   * between its reads and its commit (two notebooks registering models at once, or a notebook
   * beside the weekly training; notebooks take no warehouse lock). Delta refuses such a commit
   * rather than lose either change, and every change here is a MERGE over the whole table, which
   * conflicts with any other commit to it.
   */
  private <T> T retrying(java.util.function.Supplier<T> change) {
    for (int tried = 1; ; tried++) {
      try {
        return change.get();
      } catch (DeltaConcurrentModificationException e) {
        if (tried == COMMIT_TRIES) {
          throw e;
        }
        try {
          // apart, so that the writers do not collide again in step
          Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(50, 200L * tried));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private void retrying(Runnable change) {
    retrying(
        () -> {
          change.run();
          return null;
        });
  }

  private void upsert(List<Version> rows, boolean insertOnly) {
    Dataset<Row> source =
        Tables.ML_MODEL_REGISTRY.fixture(spark, rows.stream().map(Version::toRow).toList());
    var merge =
        Tables.ML_MODEL_REGISTRY
            .delta(spark, warehouse)
            .as("t")
            .merge(source.as("s"), "t.name = s.name AND t.version = s.version");
    if (!insertOnly) {
      Map<String, String> set = new HashMap<>();
      set.put("status", "s.status");
      set.put("status_reason", "s.status_reason");
      set.put("promoted_at", "s.promoted_at");
      merge = merge.whenMatched().updateExpr(set);
    }
    merge.whenNotMatched().insertAll().execute();
  }

  // ---- artifacts ----------------------------------------------------------------------------

  /** Stream-level artifact IO, so every model kind is stored the same way. */
  public interface Writer {
    void write(java.io.OutputStream out) throws IOException;
  }

  public interface Reader<T> {
    T read(java.io.InputStream in) throws IOException;
  }

  /** A model object as an artifact: Java serialisation, gzipped. */
  static void writeGzipped(java.io.Serializable model, java.io.OutputStream out)
      throws IOException {
    try (java.io.ObjectOutputStream o =
        new java.io.ObjectOutputStream(new java.util.zip.GZIPOutputStream(out))) {
      o.writeObject(model);
    }
  }

  static <T> T readGzipped(java.io.InputStream in, Class<T> type, String what) throws IOException {
    try (java.io.ObjectInputStream o =
        new java.io.ObjectInputStream(new java.util.zip.GZIPInputStream(in))) {
      return type.cast(o.readObject());
    } catch (ClassNotFoundException | ClassCastException e) {
      throw new IOException("not a " + what + " file: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code file} under a version's artifact folder; never overwrites an existing artifact.
   */
  public void saveArtifact(String artifactPath, String file, Writer writer) throws IOException {
    Path path = new Path(artifactPath, file);
    FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    try (FSDataOutputStream out = fs.create(path, false)) {
      writer.write(out);
    }
  }

  public <T> T loadArtifact(Version v, String file, Reader<T> reader) throws IOException {
    Path path = new Path(v.artifactPath(), file);
    FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    try (FSDataInputStream in = fs.open(path)) {
      return reader.read(in);
    }
  }

  public void saveSentiment(SentimentModel model, String artifactPath) throws IOException {
    saveArtifact(artifactPath, "sentiment-model.bin.gz", model::save);
  }

  public SentimentModel loadSentiment(Version v) throws IOException {
    return loadArtifact(v, "sentiment-model.bin.gz", SentimentModel::load);
  }

  public void saveTopics(TopicModel model, String artifactPath) throws IOException {
    saveArtifact(artifactPath, "topic-model.bin.gz", model::save);
  }

  public TopicModel loadTopics(Version v) throws IOException {
    return loadArtifact(v, "topic-model.bin.gz", TopicModel::load);
  }

  /** Delta version of a table now (recorded with each model for reproducibility). */
  public long tableVersion(String path) {
    Row last = DeltaTable.forPath(spark, path).history(1).select("version").first();
    return last.getLong(last.fieldIndex("version"));
  }
}
