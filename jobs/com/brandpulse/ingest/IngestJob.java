package com.brandpulse.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.brandpulse.common.JobGate;
import com.brandpulse.common.Progress;
import com.brandpulse.common.Pseudonymizer;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import com.brandpulse.common.Vacuum;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest: archive files → bronze.raw_posts → silver.posts, silver.quarantine,
 * silver.control_events, ops.ingest_runs. Layer: bronze and silver. Grain: see each table in {@link
 * Tables}. Rerun key: the source file's content hash. Files already ingested with the same path,
 * size and hash are skipped; bronze, quarantine and control rows of a file are replaced as a whole
 * (replaceWhere on its hash) and posts are MERGEd by post_id, so a rerun after a crash completes
 * the work and a rerun after success changes nothing. The run row is written last: it is the commit
 * point of a file. Steps: {@link FileReads} → {@link BronzeWriter} → {@link #parse} → silver →
 * {@link IngestRuns} → {@link BronzeRetention}.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  /** Bumped when what ingest writes for the same files changes. */
  static final String LOGIC_VERSION = "ingest-1";

  private IngestJob() {}

  /**
   * The skip decision of a run (see {@link JobGate}): the ingest tables, the settings, and the
   * listing of the inputs (path, size, modification time: a file rewritten in place changes at
   * least its time), plus the bronze partitions older than the retention cutoff. Same listing, same
   * tables: every file would be skipped as already ingested and retention has nothing new to
   * delete, so the run can stop before hashing anything.
   */
  public static JobGate gate(
      SparkSession spark, String warehouse, IngestSettings settings, Options options, Instant now)
      throws IOException {
    StringBuilder key =
        new StringBuilder(LOGIC_VERSION)
            .append('|')
            .append(settings)
            .append('|')
            .append(options.format())
            .append('\n');
    for (String input : options.inputs()) {
      for (SourceFiles.Listed l : SourceFiles.list(input, settings)) {
        key.append(l.path())
            .append('|')
            .append(l.size())
            .append('|')
            .append(l.modified())
            .append('\n');
      }
    }
    key.append("expired partitions ")
        .append(BronzeRetention.expired(spark, warehouse, settings, now));
    String scope =
        "ingest-" + DigestUtils.sha256Hex(String.join("\n", options.inputs())).substring(0, 12);
    return JobGate.of(spark, warehouse, scope, key.toString(), Tables.INGEST);
  }

  public record Options(List<String> inputs, String format, boolean reprocess) {}

  /** What the run did, per file, as written to ops.ingest_runs. */
  public record Result(
      String runId, List<Row> runs, long recordsRead, long quarantined, double quarantineRatio) {
    // quarantined: bad records only (posts held back by delete notices are listed in
    // silver.quarantine but not counted here)

    /** Files of the run that could not be read, or not whole. */
    public List<Row> failed() {
      return runs.stream().filter(r -> SourceFiles.FAILED.equals(r.getAs("status"))).toList();
    }
  }

  /** Control kinds that remove the post they name. */
  private static final Object[] REMOVING_KINDS = {"delete", "compliance"};

  public static Result run(
      SparkSession spark,
      String warehouse,
      IngestSettings settings,
      Pseudonymizer pseudonyms,
      Options options,
      Instant now)
      throws IOException {
    String runId =
        "ingest-"
            + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(now)
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    for (TableContract table : Tables.INGEST) {
      table.ensure(spark, warehouse);
    }
    Progress progress = Progress.current();
    progress.phase("listing");
    // One row per file: a file reached through two of the inputs is listed once.
    Map<String, SourceFiles.Listed> byPath = new java.util.LinkedHashMap<>();
    for (String input : options.inputs()) {
      SourceFiles.list(input, settings).forEach(l -> byPath.putIfAbsent(l.path(), l));
    }
    List<SourceFiles.Listed> listed = new ArrayList<>(byPath.values());
    List<Row> runRows = new ArrayList<>();
    Timestamp started = Timestamp.from(now);
    List<SourceFile> toRead = new ArrayList<>();
    Map<String, String> owners = new HashMap<>();
    for (SourceFiles.Listed l : listed) {
      if (l.data()) {
        toRead.add(
            new SourceFile(
                l.path(),
                l.size(),
                null,
                toRead.size(),
                SourceFiles.archiveOwner(l.path(), owners),
                options.format()));
      } else {
        runRows.add(
            IngestRuns.row(
                runId, l.path(), l.size(), null, null, l.status(), started, l.message()));
      }
    }
    long read = 0;
    long quarantined = 0;
    BronzeEraser.Counts removed = BronzeEraser.Counts.NONE;
    if (!toRead.isEmpty()) {
      progress.phase("reading", toRead.size(), FileReads.FILES); // counted by FileReads
      LOG.info("run {}: reading {} file(s)", runId, toRead.size());
      try (FileReads reads = FileReads.read(spark, settings, toRead)) {
        Set<String> done =
            options.reprocess() ? Set.of() : IngestRuns.alreadyIngested(spark, warehouse);
        Map<String, String> firstPathOfContent = new HashMap<>();
        Map<String, String> failures = new HashMap<>();
        List<SourceFile> files = new ArrayList<>();
        for (FileReads.Outcome o : reads.outcomes()) {
          SourceFile f = toRead.get(o.ordinal());
          if (o.sha256() == null) {
            runRows.add(
                IngestRuns.row(
                    runId,
                    f.path(),
                    f.size(),
                    null,
                    null,
                    SourceFiles.FAILED,
                    started,
                    o.failure()));
            continue;
          }
          String copyOf = firstPathOfContent.putIfAbsent(o.sha256(), f.path());
          if (o.failure() == null && done.contains(f.path() + "|" + o.bytes() + "|" + o.sha256())) {
            runRows.add(
                IngestRuns.row(
                    runId,
                    f.path(),
                    o.bytes(),
                    o.sha256(),
                    o.format(),
                    "skipped_unchanged",
                    started,
                    "already ingested with the same size and content hash (use --reprocess to read it again)"));
          } else if (copyOf != null) {
            runRows.add(
                IngestRuns.row(
                    runId,
                    f.path(),
                    o.bytes(),
                    o.sha256(),
                    o.format(),
                    "skipped_same_content",
                    started,
                    "same content as " + copyOf + ", read once in this run"));
          } else {
            files.add(
                new SourceFile(
                    f.path(), o.bytes(), o.sha256(), f.ordinal(), f.ownerHandle(), f.format()));
            if (o.failure() != null) {
              failures.put(o.sha256(), o.failure());
            }
          }
        }
        if (!files.isEmpty()) {
          progress.phase("bronze");
          Dataset<Row> bronze = BronzeWriter.write(spark, warehouse, reads, files, runId, now);
          Dataset<Row> items = parse(spark, bronze, settings, pseudonyms, now, files);
          items.persist(StorageLevel.MEMORY_AND_DISK());
          try {
            progress.phase("silver");
            SilverWrite written =
                writeSilver(spark, warehouse, items, files, runId, now, settings, pseudonyms);
            List<Row> counts = written.counts();
            removed = written.rawRemoved();
            for (Row c : counts) {
              read += c.getLong(c.fieldIndex("records_read"));
              // Posts held back by a delete notice are the system working, not bad input: not in
              // the ratio.
              quarantined +=
                  c.getLong(c.fieldIndex("quarantined")) - c.getLong(c.fieldIndex("held_back"));
            }
            runRows.addAll(IngestRuns.forFiles(runId, files, counts, started, failures));
          } finally {
            items.unpersist();
          }
        }
      }
    }
    progress.phase("run rows and retention");
    IngestRuns.write(spark, warehouse, runRows);
    // Deleted means gone from disk once the horizon has passed, not only hidden from the latest
    // version.
    List<TableContract> vacuum = new ArrayList<>();
    if (removed.deleted() + removed.redacted() > 0) {
      vacuum.add(Tables.BRONZE_RAW_POSTS);
      vacuum.add(Tables.SILVER_POSTS); // the posts the notices or erasures took out
    }
    if (removed.quarantine() > 0) {
      vacuum.add(Tables.SILVER_QUARANTINE);
    }
    if (BronzeRetention.apply(spark, warehouse, settings, now)
        && !vacuum.contains(Tables.BRONZE_RAW_POSTS)) {
      vacuum.add(Tables.BRONZE_RAW_POSTS);
    }
    for (TableContract table : vacuum) {
      Vacuum.withTableHorizon(spark, table.path(warehouse), settings.deletedFileRetentionHours());
    }
    double ratio = read == 0 ? 0 : (double) quarantined / read;
    return new Result(runId, runRows, read, quarantined, ratio);
  }

  /** Bronze rows → items; pure apart from reading the rows it is given. */
  public static Dataset<Row> parse(
      SparkSession spark,
      Dataset<Row> bronze,
      IngestSettings settings,
      Pseudonymizer pseudonyms,
      Instant now,
      List<SourceFile> files) {
    int rawMax = settings.quarantineRawMaxChars();
    JavaRDD<Row> items =
        bronze
            .javaRDD()
            .mapPartitions(
                rows -> {
                  PostParser parser = new PostParser(settings, pseudonyms, now);
                  List<Row> out = new ArrayList<>();
                  while (rows.hasNext()) {
                    Row b = rows.next();
                    String record = b.getAs("record");
                    String format = b.getAs("format");
                    for (Item item :
                        parser.parse(
                            b.getAs("container"),
                            format,
                            record,
                            b.getAs("read_error"),
                            b.getAs("owner_handle"))) {
                      if (Item.QUARANTINE.equals(item.kind)) {
                        item.rawTruncated = record != null && record.length() > rawMax;
                        // Masked like text: silver keeps no handle, e-mail or phone of a record it
                        // could not load.
                        item.rawRecord =
                            parser
                                .cleaner()
                                .maskRaw(
                                    item.rawTruncated ? record.substring(0, rawMax) : record,
                                    Formats.platform(format));
                      }
                      out.add(
                          item.toRow(
                              b.getAs("source_sha256"),
                              b.<Long>getAs("position"),
                              b.getAs("source_file"),
                              format));
                    }
                  }
                  return out.iterator();
                });
    List<Row> order = new ArrayList<>();
    for (SourceFile f : files) {
      order.add(RowFactory.create(f.sha256(), f.ordinal()));
    }
    Dataset<Row> ordinals =
        spark
            .createDataFrame(
                order,
                new StructType()
                    .add("o_sha256", DataTypes.StringType)
                    .add("source_ordinal", DataTypes.IntegerType))
            .dropDuplicates("o_sha256");
    return spark
        .createDataFrame(items, Item.SCHEMA)
        .join(
            org.apache.spark.sql.functions.broadcast(ordinals),
            col("source_sha256").equalTo(col("o_sha256")))
        .drop("o_sha256");
  }

  /**
   * Per-file counts, and whether raw records were deleted or rewritten (their old files await a
   * vacuum).
   */
  private record SilverWrite(List<Row> counts, BronzeEraser.Counts rawRemoved) {}

  private static SilverWrite writeSilver(
      SparkSession spark,
      String warehouse,
      Dataset<Row> items,
      List<SourceFile> files,
      String runId,
      Instant now,
      IngestSettings settings,
      Pseudonymizer pseudonyms) {
    Timestamp at = Timestamp.from(now);
    String filesPredicate = BronzeWriter.inFiles(files);

    Dataset<Row> controls =
        items
            .where(col("kind").equalTo(Item.CONTROL))
            .withColumn("kind", col("control_kind"))
            .withColumn("ingest_run_id", lit(runId))
            .withColumn("ingested_at", lit(at));
    Tables.SILVER_CONTROL_EVENTS.replace(controls, warehouse, filesPredicate);

    Dataset<Row> notices = Tables.SILVER_CONTROL_EVENTS.read(spark, warehouse);
    Dataset<Row> deletes =
        notices
            .where(col("kind").isin(REMOVING_KINDS).and(col("target_post_id").isNotNull()))
            .select("target_post_id")
            .distinct();
    NoticeErasure.Erased erased = NoticeErasure.Erased.read(spark, warehouse);
    Dataset<Row> removedAccounts =
        notices
            .where(col("kind").equalTo("compliance").and(col("target_author_id_key").isNotNull()))
            .select("target_author_id_key")
            .union(erased.keys(spark))
            .distinct();
    Dataset<Row> existing =
        Tables.SILVER_POSTS
            .read(spark, warehouse)
            .select("post_id", "content_hash", "edit_rank", "source_rank");
    Dataset<Row> outcomes =
        SilverPosts.outcomes(
                items.where(col("kind").equalTo(Item.POST)),
                existing,
                deletes,
                removedAccounts,
                List.copyOf(erased.handleKeys()))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // Counted before any write: the outcomes compare against silver as it was before this run.
      List<Row> counts = SilverPosts.fileCounts(items, outcomes).collectAsList();
      Dataset<Row> heldBack =
          outcomes
              .where(col("outcome").equalTo(SilverPosts.DELETED))
              .withColumn("reason_code", lit(SilverPosts.DELETED))
              .withColumn(
                  "reason",
                  lit("the post has a delete notice; a deleted post is never loaded again"))
              .withColumn("raw_record", lit(null).cast("string"))
              .withColumn("raw_truncated", lit(false));
      Dataset<Row> quarantine =
          items
              .where(col("kind").equalTo(Item.QUARANTINE))
              .unionByName(heldBack.selectExpr(items.columns()))
              .withColumn("ingest_run_id", lit(runId))
              .withColumn("quarantined_at", lit(at));
      // like bronze, an earlier version's reasons go with it; control events stay (a delete is kept
      // forever)
      Tables.SILVER_QUARANTINE.replace(quarantine, warehouse, BronzeWriter.inFilesOrPaths(files));

      // Before the merge: the posts it removes are looked up in silver to find their raw records.
      BronzeEraser.Counts erasedRaw =
          counts.stream()
                      .allMatch(
                          c -> c.<Long>getAs("deleted") == 0 && c.<Long>getAs("held_back") == 0)
                  && erased.none()
              ? BronzeEraser.Counts
                  .NONE // no notice, nothing held back, nobody erased: no raw record to look at
              : NoticeErasure.apply(
                  spark,
                  warehouse,
                  runId,
                  outcomes,
                  items,
                  REMOVING_KINDS,
                  erased,
                  pseudonyms,
                  settings);
      if (erasedRaw.deleted() + erasedRaw.redacted() > 0) {
        LOG.info(
            "run {}: raw records of removed posts: {} deleted, {} rewritten, {} quarantine row(s)",
            runId,
            erasedRaw.deleted(),
            erasedRaw.redacted(),
            erasedRaw.quarantine());
      }
      mergePosts(spark, warehouse, SilverPosts.winners(outcomes), items, runId, at);
      PostsLayout.afterMerge(spark, warehouse, settings);
      NoticeEffects.applyGeoScrubs(spark, warehouse, items);
      NoticeEffects.applyAccountRemovals(spark, warehouse, items);
      return new SilverWrite(counts, erasedRaw);
    } finally {
      outcomes.unpersist();
    }
  }

  /** One MERGE: new posts inserted, newer versions updated, posts with a delete notice removed. */
  private static void mergePosts(
      SparkSession spark,
      String warehouse,
      Dataset<Row> winners,
      Dataset<Row> items,
      String runId,
      Timestamp at) {
    Dataset<Row> upserts =
        Tables.SILVER_POSTS
            .conform(
                winners
                    .withColumn("ingest_run_id", lit(runId))
                    .withColumn("first_seen_at", lit(at))
                    .withColumn("updated_at", lit(at)))
            .withColumn("_delete", lit(false));
    Dataset<Row> deleteRows =
        items
            .where(col("control_kind").isin(REMOVING_KINDS).and(col("target_post_id").isNotNull()))
            .select(col("target_post_id").as("post_id"))
            .distinct();
    for (String column : Tables.SILVER_POSTS.columnNames()) {
      if (!column.equals("post_id")) {
        deleteRows =
            deleteRows.withColumn(
                column, lit(null).cast(Tables.SILVER_POSTS.schema().apply(column).dataType()));
      }
    }
    Dataset<Row> source = upserts.unionByName(deleteRows.withColumn("_delete", lit(true)));
    Map<String, String> update = new HashMap<>();
    Map<String, String> insert = new HashMap<>();
    for (String column : Tables.SILVER_POSTS.columnNames()) {
      insert.put(column, "s." + column);
      if (!column.equals("first_seen_at")) {
        update.put(column, "s." + column);
      }
    }
    Tables.SILVER_POSTS
        .delta(spark, warehouse)
        .as("t")
        .merge(source.as("s"), "t.post_id = s.post_id")
        .whenMatched("s._delete")
        .delete()
        .whenMatched(
            "NOT s._delete AND (s.edit_rank > t.edit_rank OR (s.edit_rank = t.edit_rank"
                + " AND (s.source_rank > t.source_rank OR (s.source_rank = t.source_rank"
                + " AND s.content_hash <> t.content_hash))))")
        .updateExpr(update)
        .whenNotMatched("NOT s._delete")
        .insertExpr(insert)
        .execute();
  }
}
