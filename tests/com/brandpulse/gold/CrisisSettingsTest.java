package com.brandpulse.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.brandpulse.TestSpark;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The settings version that each crisis week's fingerprint holds. */
@Tag("fast")
class CrisisSettingsTest {
  static CrisisSettings settings(String... overrides) {
    return CrisisSettings.from(TestSpark.config(Path.of("unused"), overrides));
  }

  @Test
  void keptStateWeeksChangeNoVersionButDetectorSettingsDo() {
    // The test configuration's version as the build before crisis.state-weeks computed it
    // (adbc2e9): upgrading recomputes no stored week.
    assertEquals("a8764bcc642c4fd6", settings().version("taxonomy-v1"));
    assertEquals(
        settings().version("taxonomy-v1"),
        settings("crisis.state-weeks=12").version("taxonomy-v1"));
    assertNotEquals(
        settings().version("taxonomy-v1"),
        settings("crisis.hourly.threshold=5").version("taxonomy-v1"));
    assertNotEquals(settings().version("taxonomy-v1"), settings().version("taxonomy-v2"));
  }
}
