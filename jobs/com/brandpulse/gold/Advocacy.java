package com.brandpulse.gold;

import static com.brandpulse.gold.BrandHealth.seq;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.try_divide;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Advocacy (layer: gold). Grain: one row per week and taxonomy brand, all platforms together —
 * {@link GoldTables#ADVOCACY_WEEKLY}. Inputs: the post facts and thread links of {@link PostFacts},
 * silver.people (the roster), the taxonomy's brands. Pure transforms; the job picks the weeks.
 *
 * <p>Customer advocacy: a customer's (neither employee nor official account) reply <i>defends</i> a
 * brand when it is positive and somewhere above it in its thread someone else posted negatively
 * about the brand; it <i>answers</i> when it is neither a question nor negative and somewhere above
 * it another customer asked a question about the brand. Employee advocacy: employees of the brand
 * posting about it or in a thread below a post about it.
 */
public final class Advocacy {
  private Advocacy() {}

  /**
   * The brands each post engages with ({@code post_id, brand_id}): those it is about and those of
   * every post above it in its thread ({@code above}: {@link #aboveAbout}).
   */
  public static Dataset<Row> engaged(Dataset<Row> posts, Dataset<Row> above) {
    return posts
        .select(col("post_id"), explode(col("about_ids")).as("brand_id"))
        .union(above.select("post_id", "brand_id"))
        .distinct();
  }

  /**
   * Per post and each brand a post above it in its thread is about: {@code post_id, brand_id} and
   * that post's {@code a_label, a_author, a_question, a_customer}.
   */
  public static Dataset<Row> aboveAbout(
      Dataset<Row> posts, Dataset<Row> facts, Dataset<Row> links) {
    return links
        .join(posts.select(col("post_id").as("p_id")), col("post_id").equalTo(col("p_id")))
        .join(
            facts.select(
                col("post_id").as("a_id"),
                col("about_ids").as("a_about"),
                col("label").as("a_label"),
                col("author").as("a_author"),
                col("is_question").as("a_question"),
                col("is_customer").as("a_customer")),
            col("ancestor_id").equalTo(col("a_id")))
        .select(
            col("post_id"),
            explode(col("a_about")).as("brand_id"),
            col("a_label"),
            col("a_author"),
            col("a_question"),
            col("a_customer"));
  }

  /**
   * Defending and answering posts: {@code post_id, brand_id, defending, answering} (at least one
   * true).
   */
  public static Dataset<Row> advocacyPosts(Dataset<Row> posts, Dataset<Row> above) {
    Dataset<Row> p =
        posts.where(col("is_customer")).select("post_id", "author", "label", "is_question");
    Column someoneElse = col("a_author").eqNullSafe(col("author")).unary_$bang();
    Column defends = col("label").equalTo("positive").and(col("a_label").equalTo("negative"));
    Column answers =
        col("is_question")
            .unary_$bang()
            .and(col("label").eqNullSafe(lit("negative")).unary_$bang())
            .and(col("a_question"))
            .and(col("a_customer"));
    return p.join(above, "post_id")
        .where(someoneElse.and(defends.or(answers)))
        .groupBy("post_id", "brand_id")
        .agg(max(defends).as("defending"), max(answers).as("answering"));
  }

  /** gold.advocacy_weekly rows of {@code weeks}. */
  public static Dataset<Row> weekly(
      Dataset<Row> facts,
      Dataset<Row> links,
      Dataset<Row> people,
      Dataset<Row> brands,
      List<LocalDate> weeks,
      GoldSettings settings) {
    Dataset<Row> weekFrame = PostFacts.weeks(facts.sparkSession(), weeks);
    Dataset<Row> p =
        facts.where(col("week_start").isin(weeks.stream().map(Date::valueOf).toArray()));
    Dataset<Row> above = aboveAbout(p, facts, links);
    Dataset<Row> rows =
        engaged(p, above)
            .join(p, "post_id")
            .join(advocacyPosts(p, above), seq("post_id", "brand_id"), "left")
            .withColumns(
                Map.of(
                    "adv",
                        coalesce(col("defending"), lit(false))
                            .or(coalesce(col("answering"), lit(false))),
                    "staff", array_contains(col("employer_brand_ids"), col("brand_id"))));

    // per author first (reach counts each person once), then per week and brand
    Dataset<Row> perAuthor =
        rows.groupBy("week_start", "brand_id", "author", "author_key", "platform")
            .agg(
                count_if(col("is_customer")).as("customer_posts"),
                count_if(col("adv")).as("advocacy_posts"),
                count_if(coalesce(col("defending"), lit(false))).as("defending_posts"),
                count_if(coalesce(col("answering"), lit(false))).as("answering_posts"),
                count_if(col("staff")).as("staff_posts"),
                count_if(col("staff").and(col("is_executive"))).as("exec_posts"),
                max("followers").as("followers"));
    Column known = col("author").isNotNull();
    Column advocate = known.and(col("advocacy_posts").gt(0));
    Column employee = known.and(col("staff_posts").gt(0));
    Dataset<Row> counts =
        perAuthor
            .groupBy("week_start", "brand_id")
            .agg(
                count_if(known.and(col("customer_posts").gt(0))).as("customer_authors"),
                count_if(advocate).as("advocates"),
                sum("defending_posts").as("defending_posts"),
                sum("answering_posts").as("answering_posts"),
                sum("advocacy_posts").as("advocacy_posts"),
                sum(when(advocate, col("followers"))).as("advocate_reach"),
                count_if(employee).as("employees_posting"),
                sum("staff_posts").as("employee_posts"),
                sum(when(employee, col("followers"))).as("employee_reach"),
                count_if(known.and(col("exec_posts").gt(0))).as("executives_posting"),
                sum("exec_posts").as("executive_posts"));
    Dataset<Row> top =
        PostFacts.topN(
            perAuthor.where(advocate),
            new String[] {"week_start", "brand_id"},
            new Column[] {
              col("advocacy_posts").desc(),
              col("followers").desc_nulls_last(),
              col("author_key"),
              col("platform")
            },
            struct(
                col("author_key"),
                col("platform"),
                col("advocacy_posts"),
                col("defending_posts"),
                col("answering_posts"),
                col("followers")),
            "top_advocates",
            settings.topN());
    Dataset<Row> roster =
        PostFacts.rosterInWeeks(weekFrame, people)
            .select(col("week_start"), col("brand_id"), col("person_key"))
            .union(
                rows.where(col("staff"))
                    .select(col("week_start"), col("brand_id"), col("author_key").as("person_key")))
            .groupBy("week_start", "brand_id")
            .agg(count_distinct(col("person_key")).as("roster_employees"));

    Dataset<Row> out =
        weekFrame
            .crossJoin(brands)
            .join(counts, seq("week_start", "brand_id"), "left")
            .join(top, seq("week_start", "brand_id"), "left")
            .join(roster, seq("week_start", "brand_id"), "left");
    Map<String, Column> filled = new LinkedHashMap<>();
    for (String zero :
        List.of(
            "customer_authors",
            "advocates",
            "defending_posts",
            "answering_posts",
            "advocacy_posts",
            "advocate_reach",
            "roster_employees",
            "employees_posting",
            "employee_posts",
            "employee_reach",
            "executives_posting",
            "executive_posts")) {
      filled.put(zero, coalesce(col(zero), lit(0L)));
    }
    filled.put(
        "top_advocates",
        coalesce(
            col("top_advocates"),
            array().cast(GoldTables.ADVOCACY_WEEKLY.schema().apply("top_advocates").dataType())));
    filled.put("iso_week", ReportingWeeks.isoWeek(col("week_start")));
    return out.withColumns(filled)
        .withColumns(
            Map.of(
                "advocacy_rate", try_divide(col("advocates"), col("customer_authors")),
                "employee_active_share",
                    try_divide(col("employees_posting"), col("roster_employees"))));
  }
}
