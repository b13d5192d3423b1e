package com.brandpulse.ingest;

import static org.apache.spark.sql.functions.col;

import com.brandpulse.common.Progress;
import com.univocity.parsers.common.TextParsingException;
import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * Reads every file of a run once, on the executors (one task per file or group of files): the
 * records are cut while the file's bytes are hashed, so what lands is exactly the content that was
 * hashed even when the file changes under the run. Each file ends in one outcome row: its hash and
 * size, how many records it gave, and the fault that stopped it, if one did (a truncated or corrupt
 * compressed file, an over-limit CSV field, more than 1,024 CSV columns, an I/O error). A fault
 * ends that file only; the records read before it are kept.
 */
public final class FileReads implements AutoCloseable {
  /** The {@link Progress} counters of a read: files done, records cut. */
  public static final String FILES = "files";

  public static final String RECORDS = "records";

  /**
   * Records and outcomes of one read, told apart by {@code outcome}; {@code ordinal} names the
   * file.
   */
  static final StructType SCHEMA =
      new StructType()
          .add("ordinal", DataTypes.IntegerType, false)
          .add("outcome", DataTypes.BooleanType, false)
          .add("position", DataTypes.LongType, true)
          .add("container", DataTypes.StringType, true)
          .add("format", DataTypes.StringType, true)
          .add("record", DataTypes.StringType, true)
          .add("read_error", DataTypes.StringType, true)
          .add("sha256", DataTypes.StringType, true)
          .add("bytes", DataTypes.LongType, true)
          .add("records", DataTypes.LongType, true)
          .add("failure", DataTypes.StringType, true);

  /**
   * How one file's read ended. {@code sha256} is null when the file could not be opened at all;
   * {@code failure} is null when it was read whole.
   */
  public record Outcome(
      int ordinal, String sha256, long bytes, long records, String format, String failure)
      implements Serializable {}

  private final Dataset<Row> rows;
  private final List<Outcome> outcomes;

  private FileReads(Dataset<Row> rows, List<Outcome> outcomes) {
    this.rows = rows;
    this.outcomes = outcomes;
  }

  /**
   * Reads the files (their {@code ordinal} is their index in the list); the records stay cached
   * until close.
   */
  public static FileReads read(
      SparkSession spark, IngestSettings settings, List<SourceFile> files) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    long total = files.stream().mapToLong(SourceFile::size).sum();
    long target = Math.max(1, settings.readSliceBytes());
    long bySize = (total + target - 1) / target;
    int count =
        settings.readPartitions() > 0
            ? settings.readPartitions()
            : (int)
                Math.max(
                    1, Math.min(files.size(), Math.max(jsc.defaultParallelism() * 4L, bySize)));
    List<List<SourceFile>> slices = slices(files, count);
    LongAccumulator filesDone = Progress.current().counter(spark, FILES);
    LongAccumulator recordsRead = Progress.current().counter(spark, RECORDS);
    JavaRDD<Row> read =
        jsc.parallelize(slices, slices.size())
            .flatMap(slice -> readAll(slice, settings, filesDone, recordsRead));
    // Cached on local disk: the outcomes decide what of the records is written, and a file is never
    // read twice. Not in memory: a year of raw records held there filled a 4 GiB driver at 3M
    // posts.
    Dataset<Row> rows = spark.createDataFrame(read, SCHEMA).persist(StorageLevel.DISK_ONLY());
    List<Outcome> outcomes = new ArrayList<>();
    int ordinal = SCHEMA.fieldIndex("ordinal"); // field indexes resolved once, not per file
    int sha256 = SCHEMA.fieldIndex("sha256");
    int bytes = SCHEMA.fieldIndex("bytes");
    int records = SCHEMA.fieldIndex("records");
    int format = SCHEMA.fieldIndex("format");
    int failure = SCHEMA.fieldIndex("failure");
    for (Row r : rows.where(col("outcome")).collectAsList()) {
      outcomes.add(
          new Outcome(
              r.getInt(ordinal),
              r.getString(sha256),
              r.getLong(bytes),
              r.getLong(records),
              r.getString(format),
              r.getString(failure)));
    }
    outcomes.sort(Comparator.comparingInt(Outcome::ordinal));
    return new FileReads(rows, outcomes);
  }

  /**
   * The files in {@code count} slices of about equal input bytes: largest first, each onto the
   * slice holding the least so far (a list cut into equal counts would put a folder of big files
   * into one partition). No slice is empty.
   */
  static List<List<SourceFile>> slices(List<SourceFile> files, int count) {
    int n = Math.max(1, Math.min(count, files.size()));
    List<List<SourceFile>> out = new ArrayList<>();
    long[] load = new long[n];
    for (int i = 0; i < n; i++) {
      out.add(new ArrayList<>());
    }
    List<SourceFile> bySize = new ArrayList<>(files);
    bySize.sort(
        Comparator.comparingLong(SourceFile::size)
            .reversed()
            .thenComparingInt(SourceFile::ordinal));
    for (SourceFile f : bySize) {
      int lightest = 0;
      for (int i = 1; i < n; i++) {
        if (load[i] < load[lightest]) {
          lightest = i;
        }
      }
      out.get(lightest).add(f);
      load[lightest] += Math.max(1, f.size());
    }
    out.removeIf(List::isEmpty);
    return out;
  }

  /** The files of one slice, one after the other: each is opened when the one before has ended. */
  private static Iterator<Row> readAll(
      List<SourceFile> slice,
      IngestSettings settings,
      LongAccumulator filesDone,
      LongAccumulator recordsRead) {
    Iterator<SourceFile> files = slice.iterator();
    return new Iterator<>() {
      private Iterator<Row> current = java.util.Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && files.hasNext()) {
          current = new FileIterator(files.next(), settings, filesDone, recordsRead);
        }
        return current.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  public List<Outcome> outcomes() {
    return outcomes;
  }

  /**
   * The records of the files kept (by ordinal): {@code ordinal, position, container, format,
   * record, read_error}.
   */
  public Dataset<Row> records() {
    return rows.where(col("outcome").equalTo(false))
        .select("ordinal", "position", "container", "format", "record", "read_error");
  }

  @Override
  public void close() {
    rows.unpersist();
  }

  /** What stopped a file, in words an operator can act on. */
  static String reason(Throwable e, long records, IngestSettings settings) {
    String kept =
        records == 0
            ? "; nothing was read before it"
            : "; the " + records + " record(s) read before it are kept";
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TextParsingException p) {
        String m = String.valueOf(p.getMessage());
        if (m.contains("maximum number of characters")) {
          return "csv_field_too_large: a CSV field is longer than ingest.max-record-bytes="
              + settings.maxRecordBytes()
              + " (CSV record "
              + (p.getLineIndex() + 1)
              + ")"
              + kept;
        }
        if (m.contains("columns")) {
          return "csv_too_many_columns: a CSV record has more than "
              + CsvRecords.MAX_COLUMNS
              + " fields (line "
              + (p.getLineIndex() + 1)
              + ")"
              + kept;
        }
        return "bad_csv: " + firstLine(m) + kept;
      }
      if (t instanceof EOFException) {
        return "truncated: the file ends inside compressed data (a truncated .gz or .bz2)" + kept;
      }
      if (t instanceof java.util.zip.ZipException
          || String.valueOf(t.getMessage()).contains("GZIP")) {
        return "corrupt_compression: " + firstLine(t.getMessage()) + kept;
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return "read_failed: "
        + root.getClass().getSimpleName()
        + ": "
        + firstLine(root.getMessage())
        + kept;
  }

  private static String firstLine(String m) {
    if (m == null) {
      return "";
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** The rows of one file: its records, then its outcome; never throws for a fault in the file. */
  private static final class FileIterator implements Iterator<Row> {
    private final SourceFile file;
    private final IngestSettings settings;
    private final LongAccumulator filesDone;
    private final LongAccumulator recordsCut;
    private RecordReader reader;
    private Row next;
    private boolean ended;
    private long records;
    private String format;

    FileIterator(
        SourceFile file,
        IngestSettings settings,
        LongAccumulator filesDone,
        LongAccumulator recordsCut) {
      this.file = file;
      this.settings = settings;
      this.filesDone = filesDone;
      this.recordsCut = recordsCut;
      try {
        reader = new RecordReader(file, settings);
      } catch (RuntimeException e) {
        next = outcome(null, 0, reason(e, 0, settings).replaceFirst("^read_failed", "cannot_open"));
        ended = true;
      }
    }

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      if (ended) {
        return false;
      }
      String failure = null;
      try {
        if (reader.hasNext()) {
          RawRecord r = reader.next();
          records++;
          recordsCut.add(1);
          format = r.format();
          next =
              RowFactory.create(
                  file.ordinal(),
                  false,
                  r.position(),
                  r.container(),
                  r.format(),
                  r.record(),
                  r.readError(),
                  null,
                  null,
                  null,
                  null);
          return true;
        }
      } catch (RuntimeException e) {
        failure = reason(e, records, settings);
      }
      ended = true;
      String sha = null;
      long bytes = 0;
      try {
        RecordReader.Digest digest = reader.finish();
        sha = digest.sha256();
        bytes = digest.bytes();
      } catch (IOException | RuntimeException e) {
        failure = failure != null ? failure : reason(e, records, settings);
      } finally {
        try {
          reader.close();
        } catch (RuntimeException e) {
          // closing a stream that already failed: the fault is recorded above
        }
      }
      next = outcome(sha, bytes, failure);
      return true;
    }

    private Row outcome(String sha, long bytes, String failure) {
      filesDone.add(1);
      return RowFactory.create(
          file.ordinal(), true, null, null, format, null, null, sha, bytes, records, failure);
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row r = next;
      next = null;
      return r;
    }
  }
}
