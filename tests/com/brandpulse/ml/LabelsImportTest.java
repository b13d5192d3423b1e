package com.brandpulse.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import com.brandpulse.common.Tables;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Labelled data sets read from the shared files, with counts computed independently in Python. */
class LabelsImportTest {
  private static Map<String, Long> labels(List<LabelledPost> posts) {
    return posts.stream()
        .collect(Collectors.groupingBy(LabelledPost::label, Collectors.counting()));
  }

  @Test
  void semevalFilesKeepTheirSplitsAndDecodeEscapes() throws Exception {
    // 11 TSV files, 50,334 lines, all id<TAB>label<TAB>text; 159 ids repeat within a file
    var read = LabelReaders.read("semeval", TestSpark.sharedData().resolve("semeval2017-task4A"));
    assertEquals(50_175, read.posts().size());
    assertEquals(159, read.skipped().size());
    assertTrue(read.skipped().stream().allMatch(s -> s.contains("repeated")));
    LabelledPost first =
        read.posts().stream()
            .filter(p -> p.sourceId().equals("264183816548130816"))
            .findFirst()
            .orElseThrow();
    // the first line of twitter-2013train-A.tsv, its \\u2019 escape decoded
    assertEquals("Gas by my house hit $3.39!!!! I’m going to Chapel Hill on Sat. :)", first.text());
    assertEquals("positive", first.label());
    assertEquals("train", first.split());
    assertEquals("semeval:twitter-2013train-A", first.source());
  }

  @Test
  void tweetevalPairsTextAndLabelsAndSaysWhatIsMissing() throws Exception {
    var read =
        LabelReaders.read("tweeteval", TestSpark.sharedData().resolve("tweeteval-sentiment"));
    assertEquals(2_000, read.posts().size());
    assertTrue(read.posts().stream().allMatch(p -> p.split().equals("validation")));
    // val_labels.txt line 1 is 1 (neutral): "Dark Souls 3 April Launch Date Confirmed With New
    // Trailer: ..."
    assertEquals("neutral", read.posts().get(0).label());
    assertTrue(read.posts().get(0).text().startsWith("Dark Souls 3 April Launch Date Confirmed"));
    assertEquals(
        List.of("train_labels.txt: no train_text.txt beside it, split not imported"),
        read.skipped());
  }

  @Test
  void nsmcRawFollowsTheNsmcRuleAndSplitsByMovie() throws Exception {
    // 1,364 movie files, 65,937 reviews; ratings 5-8 (19,622) left out; one kept review (5026896,
    // rating 1) is empty
    var read = LabelReaders.read("nsmc", TestSpark.sharedData().resolve("nsmc-raw-subset/raw"));
    assertEquals(46_314, read.posts().size());
    assertEquals(19_623, read.skipped().size());
    assertEquals(Map.of("negative", 11_788L, "positive", 34_526L), labels(read.posts()));
    Map<String, List<String>> splitsPerMovie =
        read.posts().stream()
            .collect(
                Collectors.groupingBy(
                    LabelledPost::group,
                    Collectors.mapping(
                        LabelledPost::split,
                        Collectors.collectingAndThen(
                            Collectors.toSet(), s -> s.stream().toList()))));
    assertTrue(
        splitsPerMovie.values().stream().allMatch(s -> s.size() == 1), "no movie in two splits");
    long validation = read.posts().stream().filter(p -> p.split().equals("validation")).count();
    assertTrue(validation > 2_000 && validation < 8_000, "validation share " + validation);
  }

  @Test
  void airlineTweetsKeepTheFirstRowOfARepeatedTweet() throws Exception {
    var read =
        LabelReaders.read(
            "airline", TestSpark.sharedData().resolve("twitter-us-airline-sentiment"));
    assertEquals(
        Map.of("negative", 9_082L, "neutral", 3_069L, "positive", 2_334L), labels(read.posts()));
    assertEquals(155, read.skipped().size());
  }

  @Test
  void importingTwiceLeavesTheTableUnchanged() throws Exception {
    Path warehouse = TestSpark.newWarehouse("labels");
    Path input = TestSpark.sharedData().resolve("tweeteval-sentiment");
    LabelsImportJob.run(TestSpark.get(), warehouse.toString(), "tweeteval", input, Instant.now());
    var table = Tables.ML_LABELLED_POSTS.read(TestSpark.get(), warehouse.toString());
    List<String> once =
        table.drop("imported_at").orderBy("source_id").collectAsList().stream()
            .map(Row::toString)
            .toList();
    LabelsImportJob.run(TestSpark.get(), warehouse.toString(), "tweeteval", input, Instant.now());
    assertEquals(
        once,
        Tables.ML_LABELLED_POSTS
            .read(TestSpark.get(), warehouse.toString())
            .drop("imported_at")
            .orderBy("source_id")
            .collectAsList()
            .stream()
            .map(Row::toString)
            .toList());
    assertEquals(2_000L, table.agg(countDistinct(col("source_id"))).first().getLong(0));
    assertThrows(
        IllegalArgumentException.class,
        () -> LabelReaders.read("nsmc", TestSpark.sharedData().resolve("tweeteval-sentiment")),
        "no NSMC files there: a clear error");
  }
}
