package com.brandpulse.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.brandpulse.RegistryFixture;
import com.brandpulse.TestSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Registry changes made at the same moment by different writers (two notebooks, or a notebook
 * beside the weekly training: notebooks take no warehouse lock) all land: each is a MERGE over the
 * whole registry, which Delta refuses when another commit came between its read and its own, and
 * the registry runs such a change again from its reads.
 */
class ModelRegistryConcurrencyTest {
  private static final SparkSession SPARK = TestSpark.get();

  @Test
  void changesOfTwoWritersAtOnceAllLandWithOneChampionPerName() throws Exception {
    Path warehouse = TestSpark.newWarehouse("registry-concurrency");
    ModelRegistry registry = new ModelRegistry(SPARK, warehouse.toString());
    List<String> names = List.of("topics-en", "sentiment-en");
    int versions = 2;
    ExecutorService writers = Executors.newFixedThreadPool(names.size());
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (String name : names) {
        // Each writer registers a version and promotes it, twice over.
        runs.add(
            writers.submit(
                () -> {
                  for (int v = 1; v <= versions; v++) {
                    ModelRegistry.Version version =
                        RegistryFixture.version(name, v, "fixture", registry.artifactPath(name, v))
                            .withStatus("candidate", "registered", null);
                    registry.register(version);
                    registry.promote(version, "writer of " + name, Instant.now());
                  }
                  return null;
                }));
      }
      for (Future<?> run : runs) {
        run.get(5, TimeUnit.MINUTES); // a change refused for good fails here
      }
    } finally {
      writers.shutdownNow();
    }
    for (String name : names) {
      List<ModelRegistry.Version> stored = registry.versions(name);
      assertEquals(versions, stored.size(), name + ": " + stored);
      assertEquals(
          List.of("retired", "champion"),
          stored.stream()
              .sorted(java.util.Comparator.comparingInt(ModelRegistry.Version::version))
              .map(ModelRegistry.Version::status)
              .toList(),
          name);
    }
  }
}
