package com.brandpulse.cli;

import com.brandpulse.common.SparkSessions;
import com.brandpulse.ml.ModelRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code brandpulse models list|promote|rollback}: the model registry for people. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "The model registry (ml.model_registry).",
    subcommands = {
      ModelsCommand.ListVersions.class,
      ModelsCommand.Promote.class,
      ModelsCommand.Rollback.class
    })
public final class ModelsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required: list, promote or rollback");
  }

  static ModelRegistry registry(CommonOptions common) {
    return new ModelRegistry(
        SparkSessions.getOrCreate("brandpulse-models"), common.config().warehouse());
  }

  /** {@code models list [--name N]}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Versions with status and headline metrics.")
  public static final class ListVersions implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--name", description = "Only this model, e.g. sentiment-en.")
    String name;

    @Override
    public Integer call() {
      List<ModelRegistry.Version> versions = registry(common).versions(name);
      System.out.printf(
          "%-14s %4s  %-11s %-8s %8s %8s %8s  %-20s %s%n",
          "name", "ver", "status", "lang", "macroR", "acc", "train_s", "created", "evaluated on");
      for (ModelRegistry.Version v : versions) {
        System.out.printf(
            "%-14s %4d  %-11s %-8s %8s %8s %8.1f  %-20s %s%n",
            v.name(),
            v.version(),
            v.status(),
            v.lang(),
            fmt(v.metrics().get("macro_recall")),
            fmt(v.metrics().get("accuracy")),
            v.trainingSeconds(),
            v.createdAt().toString().substring(0, 19),
            v.evaluationData());
      }
      if (versions.isEmpty()) {
        System.out.println("(no models registered" + (name == null ? "" : " named " + name) + ")");
      }
      return 0;
    }

    private static String fmt(Double d) {
      return d == null ? "-" : String.format("%.4f", d);
    }
  }

  /** {@code models promote --name N --version V}: a person decides, with a reason on record. */
  @Command(
      name = "promote",
      mixinStandardHelpOptions = true,
      description =
          "Make a version champion (the current one is retired); the next score run applies it.")
  public static final class Promote implements Callable<Integer> {
    @Mixin WriterOptions common;

    @Option(names = "--name", required = true)
    String name;

    @Option(names = "--version", required = true)
    int version;

    @Option(
        names = "--reason",
        defaultValue = "promoted by hand",
        description = "Why, kept in ml.model_registry.status_reason (default: promoted by hand).")
    String reason;

    @Override
    public Integer call() {
      ModelRegistry registry = registry(common);
      ModelRegistry.Version v =
          registry
              .version(name, version)
              .orElseThrow(() -> new IllegalArgumentException(name + " has no version " + version));
      if (v.status().equals("champion")) {
        System.out.printf("%s v%d is already champion%n", name, version);
        return 0;
      }
      registry.promote(v, reason, Instant.now());
      System.out.printf("%s v%d is champion%n", name, version);
      return 0;
    }
  }

  /** {@code models rollback --name N}: back to the previous champion. */
  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      description =
          "Make the previous champion champion again; the current one is marked rolled_back.")
  public static final class Rollback implements Callable<Integer> {
    @Mixin WriterOptions common;

    @Option(names = "--name", required = true)
    String name;

    @Option(
        names = "--reason",
        defaultValue = "rolled back by hand",
        description =
            "Why, kept in ml.model_registry.status_reason (default: rolled back by hand).")
    String reason;

    @Override
    public Integer call() {
      ModelRegistry.Version v = registry(common).rollback(name, reason, Instant.now());
      System.out.printf("%s v%d is champion again%n", name, v.version());
      return 0;
    }
  }
}
