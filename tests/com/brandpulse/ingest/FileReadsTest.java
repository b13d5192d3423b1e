package com.brandpulse.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How files are spread over the read partitions: a folder of big files listed together (a year of
 * weekly v2 pages) must not land in one partition, whose cached records ran a 4 GiB driver out of
 * heap at 3M posts.
 */
@Tag("fast")
class FileReadsTest {
  private static SourceFile file(int ordinal, long size) {
    return new SourceFile("f" + ordinal, size, null, ordinal, null, null);
  }

  @Test
  void bigFilesListedTogetherSpreadOverTheSlices() {
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      files.add(file(i, 16_000_000)); // the weekly pages, one after the other in the listing
    }
    for (int i = 8; i < 248; i++) {
      files.add(file(i, 100_000)); // daily files
    }
    List<List<SourceFile>> slices = FileReads.slices(files, 8);
    assertEquals(8, slices.size());
    for (List<SourceFile> s : slices) {
      long big = s.stream().filter(f -> f.size() > 1_000_000).count();
      long bytes = s.stream().mapToLong(SourceFile::size).sum();
      assertEquals(1, big, "one big file per slice: " + s.size() + " files");
      assertTrue(bytes <= 16_000_000 + 3_100_000, "slice bytes " + bytes);
    }
    assertEquals(
        files.stream().map(SourceFile::ordinal).collect(Collectors.toSet()),
        slices.stream().flatMap(List::stream).map(SourceFile::ordinal).collect(Collectors.toSet()),
        "every file read once");
    assertEquals(248, slices.stream().mapToInt(List::size).sum());
  }

  @Test
  void neverMoreSlicesThanFilesNorAnEmptyOne() {
    List<List<SourceFile>> slices = FileReads.slices(List.of(file(0, 0), file(1, 5)), 8);
    assertEquals(2, slices.size());
    assertTrue(slices.stream().noneMatch(List::isEmpty));
  }
}
