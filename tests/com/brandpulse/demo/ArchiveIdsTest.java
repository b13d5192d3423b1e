package com.brandpulse.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives of other dates or seeds never share a Reddit id, so benchmarks can add nights to a
 * history: the same id arriving with another creation month once stalled the nightly chain.
 */
@Tag("fast")
class ArchiveIdsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Set<String> redditIds(Path dir, SampleArchive.Options o) throws IOException {
    SampleArchive.generate(dir, o);
    Set<String> ids = new HashSet<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> p.getFileName().toString().startsWith("R")).toList();
    }
    for (Path f : files) {
      try (BufferedReader r = Files.newBufferedReader(f)) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          JsonNode n = JSON.readTree(line);
          assertTrue(ids.add(n.get("name").asText()), "id repeated inside one archive");
        }
      }
    }
    return ids;
  }

  @Test
  void otherDatesOrSeedsGiveOtherIdsAndTheSameOptionsTheSameOnes(@TempDir Path tmp)
      throws IOException {
    LocalDate start = LocalDate.of(2026, 6, 1);
    Set<String> a =
        redditIds(tmp.resolve("a"), new SampleArchive.Options(start, 1, 3_000, 7, false));
    Set<String> again =
        redditIds(tmp.resolve("again"), new SampleArchive.Options(start, 1, 3_000, 7, false));
    Set<String> nextWeek =
        redditIds(
            tmp.resolve("next"), new SampleArchive.Options(start.plusWeeks(1), 1, 3_000, 7, false));
    Set<String> otherSeed =
        redditIds(tmp.resolve("seed"), new SampleArchive.Options(start, 1, 3_000, 8, false));
    assertTrue(a.size() > 20, "the archive holds Reddit posts: " + a.size());
    assertEquals(a, again, "same options, same archive");
    for (Set<String> other : List.of(nextWeek, otherSeed)) {
      Set<String> shared = new HashSet<>(a);
      shared.retainAll(other);
      assertTrue(shared.isEmpty(), "shared ids: " + shared);
    }
  }
}
