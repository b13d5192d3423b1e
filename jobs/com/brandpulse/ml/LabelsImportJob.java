package com.brandpulse.ml;

import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Labels import: published sentiment data sets → ml.labelled_posts. Layer: ml. Rerun key: the
 * sources in the input; their rows are replaced as a whole (replaceWhere), so importing the same
 * files twice leaves the table unchanged.
 */
public final class LabelsImportJob {
  private LabelsImportJob() {}

  /** What an import did. */
  public record Result(long imported, List<String> sources, List<String> skipped) {}

  public static Result run(
      SparkSession spark, String warehouse, String format, Path input, Instant now)
      throws IOException {
    LabelReaders.Read read = LabelReaders.read(format, input);
    Tables.ML_LABELLED_POSTS.ensure(spark, warehouse);
    Timestamp at = Timestamp.from(now);
    List<Row> rows =
        read.posts().stream()
            .map(
                p ->
                    RowFactory.create(
                        p.source(),
                        p.sourceId(),
                        p.text(),
                        p.label(),
                        p.lang(),
                        p.split(),
                        p.group(),
                        p.textHash(),
                        at))
            .toList();
    List<String> sources =
        read.posts().stream().map(LabelledPost::source).distinct().sorted().toList();
    Tables.ML_LABELLED_POSTS.replace(
        Tables.ML_LABELLED_POSTS.fixture(spark, rows),
        warehouse,
        "source IN ("
            + sources.stream().map(TableContract::literal).collect(Collectors.joining(","))
            + ")");
    return new Result(rows.size(), sources, read.skipped());
  }
}
