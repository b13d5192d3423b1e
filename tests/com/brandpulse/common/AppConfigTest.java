package com.brandpulse.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Configuration never carries a secret: not written into it, and not copied into it from the
 * environment.
 */
@Tag("fast")
class AppConfigTest {
  private static AppConfig load(String... overrides) {
    return AppConfig.load(null, List.of(overrides), Map.of());
  }

  @Test
  void anEnvironmentVariableCannotBeSubstitutedIntoAValue() {
    // PATH is set in every process; a secret variable would be read the same way (Typesafe's
    // default).
    String path = System.getenv("PATH");
    ConfigException e = assertThrows(ConfigException.class, () -> load("warehouse=${PATH}"));
    assertFalse(e.getMessage().contains(path), e.getMessage());
    assertTrue(e.getMessage().contains("PATH"), e.getMessage());
    // The optional form falls back to the default instead of the variable.
    assertEquals("warehouse", load("warehouse=${?PATH}").get().getString("warehouse"));
    String key = System.getenv("BRANDPULSE_PSEUDONYM_KEY"); // Surefire sets it
    if (key != null) {
      ConfigException secret =
          assertThrows(
              ConfigException.class,
              () -> load("serving.view-schema=\"bi_\"${BRANDPULSE_PSEUDONYM_KEY}"));
      assertFalse(secret.getMessage().contains(key), secret.getMessage());
    }
    // Substitutions between keys still work (the defaults use them).
    assertEquals(
        "bi",
        load("serving.state-schema=${brandpulse.serving.view-schema}")
            .get()
            .getString("serving.state-schema"));
  }

  @Test
  void aPasswordOrSecretWrittenAnywhereInConfigurationIsRefused() {
    for (String written :
        List.of(
            "serving.postgres.password=hunter2",
            "serving.postgres.properties.password=hunter2",
            "serving.postgres.properties.sslpassword=hunter2",
            "serving.reader.password=hunter2",
            "alert.smtp.password=hunter2",
            "alert.webhook.secret=hunter2",
            "alert.smtp.client_secret=hunter2",
            "alert.routes.aurora-air.low.webhook=[{url=\"https://h.example/x\", secret=hunter2}]")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> load(written), written);
      assertTrue(e.getMessage().contains("is set in configuration"), e.getMessage());
      assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }
    // Naming where a secret is kept is what configuration is for.
    assertEquals(
        "MY_PG_PASSWORD",
        load("serving.postgres.password-env=MY_PG_PASSWORD")
            .get()
            .getString("serving.postgres.password-env"));
  }
}
