package com.brandpulse.enrich;

import com.brandpulse.common.Pseudonymizer;
import com.brandpulse.common.Tables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Roster load: an employee CSV (handle, department, role, is_executive, optional brand,
 * effective_from, effective_to) → silver.people, handles pseudonymised with the posts' key. Layer:
 * silver. Rerun key: the brands in the file; a roster is a full snapshot of its brands, so their
 * rows are replaced as a whole. Entries without effective_from apply from the load day, never
 * backwards. A bad line fails the load with every problem listed: a roster is small and curated.
 */
public final class PeopleJob {
  private PeopleJob() {}

  public static long load(
      SparkSession spark,
      String warehouse,
      String csv,
      String defaultBrand,
      Taxonomy taxonomy,
      Pseudonymizer pseudonyms,
      Instant now) {
    Tables.SILVER_PEOPLE.ensure(spark, warehouse);
    List<Row> lines =
        spark.read().option("header", true).option("multiLine", true).csv(csv).collectAsList();
    List<Row> rows = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Timestamp loadedAt = Timestamp.from(now);
    for (int i = 0; i < lines.size(); i++) {
      Row line = lines.get(i);
      String where = "line " + (i + 2) + ": ";
      String handle = field(line, "handle");
      String brandName = field(line, "brand") != null ? field(line, "brand") : defaultBrand;
      if (handle == null) {
        problems.add(where + "no handle");
        continue;
      }
      if (brandName == null) {
        problems.add(where + "no brand column and no --brand");
        continue;
      }
      var brand = taxonomy.brand(brandName);
      if (brand.isEmpty()) {
        problems.add(where + "brand '" + brandName + "' is not in the taxonomy");
        continue;
      }
      try {
        String from = field(line, "effective_from");
        String to = field(line, "effective_to");
        LocalDate fromDay =
            from == null
                ? LocalDate.ofInstant(now, java.time.ZoneOffset.UTC)
                : LocalDate.parse(from);
        LocalDate toDay = to == null ? null : LocalDate.parse(to);
        if (toDay != null && toDay.isBefore(fromDay)) {
          problems.add(where + "effective_to " + toDay + " is before effective_from " + fromDay);
          continue;
        }
        rows.add(
            RowFactory.create(
                pseudonyms.account(handle),
                brand.get().id(),
                field(line, "department"),
                field(line, "role"),
                isTrue(field(line, "is_executive")),
                Date.valueOf(fromDay),
                toDay == null ? null : Date.valueOf(toDay),
                csv,
                loadedAt));
      } catch (DateTimeParseException e) {
        problems.add(where + "dates must be YYYY-MM-DD: " + e.getParsedString());
      }
    }
    if (rows.isEmpty() && problems.isEmpty()) {
      problems.add("the file has no entries");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "roster " + csv + " not loaded:\n  " + String.join("\n  ", problems));
    }
    int brandId =
        Tables.SILVER_PEOPLE
            .schema()
            .fieldIndex("brand_id"); // rows are built in the table's layout
    String brands =
        rows.stream()
            .map(r -> "'" + r.getString(brandId) + "'")
            .distinct()
            .collect(Collectors.joining(","));
    Dataset<Row> frame = Tables.SILVER_PEOPLE.fixture(spark, rows);
    Tables.SILVER_PEOPLE.replace(frame, warehouse, "brand_id IN (" + brands + ")");
    return rows.size();
  }

  private static String field(Row row, String name) {
    if (!List.of(row.schema().fieldNames()).contains(name)) {
      return null;
    }
    String value = row.getAs(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static boolean isTrue(String value) {
    return value != null
        && List.of("true", "yes", "y", "1").contains(value.toLowerCase(Locale.ROOT));
  }
}
