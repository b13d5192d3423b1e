package com.brandpulse.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of a command that writes the warehouse: the common ones, and how long to wait for
 * another writer. Taking this mixin is what makes a command a writer: it runs holding the warehouse
 * lock ({@link LockedExecution}).
 */
public class WriterOptions extends CommonOptions {
  @Option(
      names = "--wait-for-lock",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "0s",
      description =
          "When another writer holds the warehouse lock, wait up to this long for it (e.g. 90s, 30m)"
              + " instead of exiting 5 at once.")
  Duration waitForLock = Duration.ZERO;

  /** A writer that only reads on some runs (alert --dry-run): it takes no lock on those. */
  interface SometimesReadOnly {
    boolean readOnly();
  }

  /** A duration as conf writes them (90s, 30m, 1h); a bad one is a usage error (exit code 2). */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        Duration d =
            ConfigFactory.empty()
                .withValue("d", ConfigValueFactory.fromAnyRef(value))
                .getDuration("d");
        if (d.isNegative()) {
          throw new CommandLine.TypeConversionException("a duration cannot be negative: " + value);
        }
        return d;
      } catch (ConfigException e) {
        throw new CommandLine.TypeConversionException(
            "not a duration such as 90s, 30m or 1h: " + value);
      }
    }
  }
}
