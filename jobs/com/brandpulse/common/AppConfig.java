package com.brandpulse.common;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Layered configuration: {@code conf/brandpulse.conf} defaults (bundled in the jar), then an
 * optional environment file, then {@code --set key=value} overrides, then the typed CLI options.
 * Secrets are never read from here: {@link #secret(String)} reads environment variables only. Two
 * guards keep it so: a {@code ${VAR}} substitution never reads the process environment (it would
 * copy a secret into a path or a log), and a key that names a password or a secret is refused
 * unless it names where one is kept ({@code ...-env}, {@code ...-file}).
 */
public final class AppConfig {
  private static final String ROOT = "brandpulse";
  private final Config config;
  private final Map<String, String> env;

  private AppConfig(Config config, Map<String, String> env) {
    this.config = config;
    this.env = env;
  }

  /** Loads defaults, then {@code envFile} (may be null), then each {@code key=value} override. */
  public static AppConfig load(File envFile, List<String> overrides, Map<String, String> env) {
    Config defaults =
        ConfigFactory.parseResources(
            AppConfig.class.getClassLoader(),
            "brandpulse.conf",
            ConfigParseOptions.defaults().setAllowMissing(false));
    Config layered = defaults;
    if (envFile != null) {
      if (!envFile.isFile()) {
        throw new IllegalArgumentException("environment file not found: " + envFile);
      }
      layered = ConfigFactory.parseFile(envFile).withFallback(layered);
    }
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--set expects key=value, got: " + override);
      }
      String key = qualify(override.substring(0, eq).trim());
      // Parse the value as HOCON so numbers, booleans and lists keep their type; fall back to a
      // string.
      Config one;
      try {
        one = ConfigFactory.parseString(key + " = " + override.substring(eq + 1));
      } catch (RuntimeException notHocon) {
        one =
            ConfigFactory.empty()
                .withValue(key, ConfigValueFactory.fromAnyRef(override.substring(eq + 1)));
      }
      layered = one.withFallback(layered);
    }
    Config resolved = layered.resolve(INTERNAL_ONLY);
    refuseWrittenSecrets(resolved.root(), "");
    return new AppConfig(resolved, env);
  }

  /**
   * Substitutions refer to other keys only: {@code ${BRANDPULSE_PG_PASSWORD}} is an error, not the
   * secret.
   */
  private static final ConfigResolveOptions INTERNAL_ONLY =
      ConfigResolveOptions.defaults().setUseSystemEnvironment(false);

  /**
   * Refuses a value under a key that names a password or a secret (any depth, lists included, e.g.
   * a JDBC driver's {@code sslpassword} under {@code serving.postgres.properties}); the name of the
   * environment variable or of the owner-only file that holds one ({@code password-env}, {@code
   * credentials-file}) is fine.
   */
  static void refuseWrittenSecrets(ConfigValue value, String path) {
    if (value instanceof ConfigObject object) {
      object.forEach(
          (key, child) -> refuseWrittenSecrets(child, path.isEmpty() ? key : path + "." + key));
    } else if (value instanceof ConfigList list) {
      for (int i = 0; i < list.size(); i++) {
        refuseWrittenSecrets(list.get(i), path + "[" + i + "]");
      }
    } else {
      String key =
          path.substring(path.lastIndexOf('.') + 1)
              .replaceAll("\\[\\d+]$", "")
              .toLowerCase(Locale.ROOT);
      boolean namesSecret =
          key.contains("password") || key.contains("secret") || key.contains("passwd");
      if (namesSecret && !key.endsWith("-env") && !key.endsWith("-file")) {
        throw new IllegalArgumentException(
            path
                + " is set in configuration; a password or secret is read only from"
                + " an environment variable (or an owner-only credentials file) named in configuration, never written there");
      }
    }
  }

  /** A HOCON file by path, or a file bundled from conf/ when written {@code classpath:NAME}. */
  public static Config parseLocation(String location) {
    Config parsed =
        location.startsWith("classpath:")
            ? ConfigFactory.parseResources(
                AppConfig.class.getClassLoader(),
                location.substring("classpath:".length()),
                ConfigParseOptions.defaults().setAllowMissing(false))
            : ConfigFactory.parseFile(
                new File(location), ConfigParseOptions.defaults().setAllowMissing(false));
    return parsed.resolve(INTERNAL_ONLY);
  }

  public static AppConfig defaults() {
    return load(null, List.of(), System.getenv());
  }

  private static String qualify(String key) {
    return key.startsWith(ROOT + ".") ? key : ROOT + "." + key;
  }

  /** Returns a copy with one value replaced (used for typed CLI options such as --warehouse). */
  public AppConfig with(String key, Object value) {
    return new AppConfig(config.withValue(qualify(key), ConfigValueFactory.fromAnyRef(value)), env);
  }

  /** The {@code brandpulse.*} subtree. */
  public Config get() {
    return config.getConfig(ROOT);
  }

  /** The warehouse root; a relative local path resolves against the working directory. */
  public String warehouse() {
    String warehouse = get().getString("warehouse");
    boolean hasScheme = warehouse.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*");
    return hasScheme ? warehouse : new File(warehouse).getAbsolutePath();
  }

  /** A secret from the environment, with a clear error naming the variable when it is missing. */
  public String secret(String variable) {
    String value = env.get(variable);
    if (value == null || value.isBlank()) {
      throw new SecretError(
          "environment variable "
              + variable
              + " is not set: export it with the secret before"
              + " running (a secret is never read from configuration files)");
    }
    return value;
  }

  /**
   * A secret's environment variable is unset or holds an unusable value: the person running the job
   * sets it (the CLI says so in one line, exit code 2).
   */
  public static final class SecretError extends IllegalStateException {
    public SecretError(String message) {
      super(message);
    }
  }

  /** The rendered configuration for logs (it never holds secrets). */
  @Override
  public String toString() {
    return get().root().render(com.typesafe.config.ConfigRenderOptions.concise());
  }
}
