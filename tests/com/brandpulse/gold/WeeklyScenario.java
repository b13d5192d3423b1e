package com.brandpulse.gold;

import static com.brandpulse.gold.GoldFixtures.person;
import static com.brandpulse.gold.GoldFixtures.post;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Two weeks of hand-made posts about Acme (brand) and Globex (its competitor), small enough to work
 * every figure out by hand (the expected values in the tests are those hand computations):
 *
 * <pre>
 * week 1 (Mon 2026-03-02 .. Sun 03-08, UTC)
 *  p1  c1 (100 followers)  "@acme my order is late"     negative, about acme, 5 likes, US, Delivery / Late
 *  p2  AcmeCare (official) reply to p1 +30 min           neutral
 *  p3  c2 (50)             reply to p1 +60 min           positive                       -> defends acme
 *  p4  c3 (20)             "does acme ship to Canada?"   neutral, about acme, 2 likes, Shipping / International
 *  p5  c4 (10)             reply to p4                   neutral                        -> answers
 *  p6  e1 (30, employee)   reply to p4                   positive                       (employee, not advocacy)
 *  p7  c5 on reddit        about globex                  positive
 *  p8  c1                  Sun 23:30 about acme          negative, Delivery / Late
 *  p10 c6 (no followers)   about acme, Korean            unscored (no model)
 *  p11 c1                  repost of p1                  negative, 7 likes (not counted: a repost)
 * week 2 (Mon 03-09 .. Sun 03-15)
 *  p9  e1                  reply to p8 Mon 00:30 (+1 h, the next day)
 *  p12 x1 (executive)      about acme                    positive
 *  p13 c2                  about acme                    positive
 *  p14 c3                  about acme                    negative (never answered)
 * roster of acme: e1 and x1 from 2026-01-01, e2 only 03-05..03-06, e3 until 02-01.
 * topics: p1 and p8 topic 3 "late order" (0.8, 0.6), p4 topic 1 "shipping" (0.9).
 * </pre>
 */
final class WeeklyScenario {
  private WeeklyScenario() {}

  static final LocalDate W1 = LocalDate.parse("2026-03-02");
  static final LocalDate W2 = LocalDate.parse("2026-03-09");

  static List<GoldFixtures.Post> posts() {
    List<GoldFixtures.Post> p = new ArrayList<>();
    p.add(
        post("1", "2026-03-02T10:00:00Z", "c1")
            .followers(100)
            .likes(5)
            .brands("acme")
            .label("negative")
            .text("@acme my order is late")
            .country("US")
            .categories("Delivery / Late"));
    p.add(
        post("2", "2026-03-02T10:30:00Z", "acmecare")
            .official("acme")
            .replyTo("twitter:1")
            .label("neutral")
            .followers(5000)
            .text("@c1 sorry, DM us"));
    p.add(
        post("3", "2026-03-02T11:00:00Z", "c2")
            .followers(50)
            .replyTo("twitter:1")
            .label("positive")
            .text("@c1 they have been great to me"));
    p.add(
        post("4", "2026-03-03T09:00:00Z", "c3")
            .followers(20)
            .likes(2)
            .brands("acme")
            .label("neutral")
            .text("does acme ship to Canada?")
            .categories("Shipping / International"));
    p.add(
        post("5", "2026-03-03T09:20:00Z", "c4")
            .followers(10)
            .replyTo("twitter:4")
            .label("neutral")
            .text("@c3 yes they do"));
    p.add(
        post("6", "2026-03-03T09:30:00Z", "e1")
            .followers(30)
            .replyTo("twitter:4")
            .employee("acme", false)
            .label("positive")
            .text("@c3 we do!"));
    p.add(
        post("7", "2026-03-04T12:00:00Z", "c5")
            .platform("reddit")
            .competitors("globex")
            .label("positive")
            .text("globex is great"));
    p.add(
        post("8", "2026-03-08T23:30:00Z", "c1")
            .followers(90)
            .brands("acme")
            .label("negative")
            .text("acme again, awful")
            .categories("Delivery / Late"));
    p.add(
        post("10", "2026-03-05T08:00:00Z", "c6")
            .brands("acme")
            .lang("ko")
            .unscored()
            .text("acme 배송"));
    p.add(
        post("11", "2026-03-05T09:00:00Z", "c1")
            .repost()
            .likes(7)
            .brands("acme")
            .label("negative")
            .text("RT @c1: @acme my order is late"));
    p.add(
        post("9", "2026-03-09T00:30:00Z", "e1")
            .followers(30)
            .replyTo("twitter:8")
            .employee("acme", false)
            .label("neutral")
            .text("@c1 so sorry, DM us"));
    p.add(
        post("12", "2026-03-10T10:00:00Z", "x1")
            .followers(1000)
            .brands("acme")
            .employee("acme", true)
            .label("positive")
            .text("proud of the acme team"));
    p.add(
        post("13", "2026-03-11T10:00:00Z", "c2")
            .followers(55)
            .brands("acme")
            .label("positive")
            .text("acme is nice"));
    p.add(
        post("14", "2026-03-12T10:00:00Z", "c3")
            .followers(20)
            .brands("acme")
            .label("negative")
            .text("acme lost it"));
    return p;
  }

  static Dataset<Row> people(SparkSession spark) {
    return com.brandpulse.common.Tables.SILVER_PEOPLE.fixture(
        spark,
        List.of(
            person("e1", "acme", false, "2026-01-01", null),
            person("x1", "acme", true, "2026-01-01", null),
            person("e2", "acme", false, "2026-03-05", "2026-03-06"),
            person("e3", "acme", false, "2025-06-01", "2026-02-01")));
  }

  /** silver.post_topics as the topic job will write it (one row per post, model and topic). */
  static final StructType TOPICS =
      StructType.fromDDL(
          "post_id STRING NOT NULL, created_at TIMESTAMP NOT NULL,"
              + " created_month DATE NOT NULL, model_name STRING NOT NULL, model_version INT NOT NULL, topic INT NOT NULL,"
              + " topic_name STRING NOT NULL, weight DOUBLE NOT NULL");

  static Dataset<Row> topics(SparkSession spark) {
    Timestamp t = Timestamp.from(Instant.parse("2026-03-02T10:00:00Z"));
    java.sql.Date m = java.sql.Date.valueOf("2026-03-01");
    return spark.createDataFrame(
        List.of(
            RowFactory.create("twitter:1", t, m, "topics-en", 1, 3, "late order", 0.8),
            RowFactory.create("twitter:8", t, m, "topics-en", 1, 3, "late order", 0.6),
            RowFactory.create("twitter:4", t, m, "topics-en", 1, 1, "shipping", 0.9)),
        TOPICS);
  }
}
