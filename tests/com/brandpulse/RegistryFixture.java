package com.brandpulse;

import com.brandpulse.common.AppConfig;
import com.brandpulse.ml.ModelRegistry;
import com.brandpulse.ml.SentimentFeaturizer;
import com.brandpulse.ml.SentimentModel;
import java.time.Instant;
import java.util.Map;

/**
 * Champions registered without training, for tests about where rows land rather than what they say.
 */
public final class RegistryFixture {
  private RegistryFixture() {}

  /**
   * Registers sentiment-en v1, which calls every post neutral, as champion ({@code config}'s
   * ml.sentiment.en.features).
   */
  public static void neutralSentiment(ModelRegistry registry, AppConfig config) throws Exception {
    SentimentFeaturizer features =
        SentimentFeaturizer.fromConfig("en", config.get().getConfig("ml.sentiment.en.features"));
    float[] idf = new float[features.size()];
    java.util.Arrays.fill(idf, 1f);
    registry.saveSentiment(
        new SentimentModel(
            features,
            new String[] {"negative", "neutral", "positive"},
            idf,
            new float[3 * features.size()],
            new double[] {0, 1, 0}),
        registry.artifactPath("sentiment-en", 1));
    registry.register(
        champion("sentiment-en", "sentiment", registry.artifactPath("sentiment-en", 1)));
  }

  /** Version 1 of an English model {@code name} of {@code kind}, stored at {@code artifact}. */
  public static ModelRegistry.Version champion(String name, String kind, String artifact) {
    return version(name, 1, kind, artifact);
  }

  /** As {@link #champion}, numbered {@code version}. */
  public static ModelRegistry.Version version(
      String name, int version, String kind, String artifact) {
    Instant now = Instant.now();
    return new ModelRegistry.Version(
        name,
        version,
        kind,
        "en",
        Map.of(),
        "fixture",
        0,
        0,
        "none",
        Map.of(),
        null,
        0,
        artifact,
        "champion",
        "registry fixture",
        now,
        now);
  }
}
