package com.brandpulse.enrich;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import com.brandpulse.ingest.IngestSettings;
import com.brandpulse.ingest.Item;
import com.brandpulse.ingest.PostParser;
import com.brandpulse.ingest.RawRecord;
import com.brandpulse.ingest.RecordReader;
import com.brandpulse.ingest.SourceFile;
import com.brandpulse.ingest.SourceFiles;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Agreement of the language detector with the language tags the sources give, on every real post of
 * the shared v1.1, v2 and archive files whose tag is one of the configured languages (the detector
 * only runs where a tag is missing; this measures how far it can be trusted there).
 */
class LanguageAgreementTest {
  @Test
  void detectorAgreesWithSourceTags() throws Exception {
    var config = TestSpark.config(TestSpark.newWarehouse("lang"));
    IngestSettings ingest = IngestSettings.from(config);
    EnrichSettings enrich = EnrichSettings.from(config);
    PostParser parser = new PostParser(ingest, TestSpark.pseudonyms(), Instant.now());
    Map<String, int[]> byLang = new TreeMap<>();
    for (String dir :
        List.of("twitter-v1.1-json", "twitter-v2-twarc2", "twitter-archive-export", "korean")) {
      if (!java.nio.file.Files.isDirectory(TestSpark.raw(dir))) {
        continue; // a kept-aside folder
      }
      for (var listed : SourceFiles.list(TestSpark.raw(dir).toString(), ingest)) {
        if (!listed.data()) {
          continue;
        }
        SourceFile file = new SourceFile(listed.path(), listed.size(), "", 0, null, "auto");
        for (RawRecord r : RecordReader.readAll(file, ingest)) {
          for (Item item :
              parser.parse(r.container(), r.format(), r.record(), r.readError(), null)) {
            if (Item.POST.equals(item.kind)
                && item.lang != null
                && enrich.languages().contains(item.lang)
                && !item.isRepost) {
              var detected =
                  LanguageDetection.detect(
                      item.text, enrich.languages(), enrich.minLettersForDetection());
              int[] counts = byLang.computeIfAbsent(item.lang, k -> new int[3]);
              counts[0]++;
              if (detected == null) {
                counts[2]++;
              } else if (detected.code().equals(item.lang)) {
                counts[1]++;
              }
            }
          }
        }
      }
    }
    int total = byLang.values().stream().mapToInt(c -> c[0]).sum();
    int agree = byLang.values().stream().mapToInt(c -> c[1]).sum();
    int undecided = byLang.values().stream().mapToInt(c -> c[2]).sum();
    byLang.forEach(
        (lang, c) ->
            System.out.printf(
                "language %s: %d posts, %d agree, %d too short%n", lang, c[0], c[1], c[2]));
    double rate = (double) agree / (total - undecided);
    System.out.printf(
        "language agreement with source tags: %.3f (%d of %d decided; %d too short to tell)%n",
        rate, agree, total - undecided, undecided);
    assertTrue(total > 300, "enough tagged posts: " + total);
    assertTrue(rate >= 0.85, "agreement " + rate);
  }
}
