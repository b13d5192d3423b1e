package com.brandpulse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The application's entry point, run by spark-submit ({@code --class com.brandpulse.cli.BrandPulse}).
 * Each subcommand is a thin job main; a failure becomes a non-zero exit for the scheduler ({@link Failures}: 2 for
 * a user error, said in one line, 1 for an internal one). {@link #main} never throws: spark-submit would print its
 * own stack under the message. While a command runs its progress shows on stderr, and it ends with one line there
 * with its time ({@link CommandProgress}).
 */
@Command(name = "brandpulse", mixinStandardHelpOptions = true, version = "brandpulse 0.1.0",
    description = "Brand Pulse: a social-listening warehouse on Spark and Delta Lake.",
    subcommands = {IngestCommand.class, PeopleCommand.class, EnrichCommand.class, LabelsCommand.class,
        SentimentCommands.Train.class, SentimentCommands.Predict.class, SentimentCommands.Evaluate.class,
        TopicCommands.Train.class, TopicCommands.Evaluate.class,
        ModelsCommand.class, ModelGateCommands.Evaluate.class, ModelGateCommands.Promote.class, ScoreCommand.class,
        AggregateCommand.class, AlertCommand.class, ReportCommand.class, PublishCommand.class, BiSqlCommand.class,
        ServingSetupCommand.class, ClusterCommand.class, SqlCommand.class, ForgetCommand.class,
        DetectSpikesCommand.class, DemoCommand.class,
        CommandLine.HelpCommand.class})
public final class BrandPulse implements Runnable {
  /**
   * Exit code when the quarantine ratio of a run is above its limit, or a file could not be read whole (the data
   * landed, but look).
   */
  public static final int EXIT_QUARANTINE_RATIO = 3;
  /** Exit code when some alert messages could not be delivered (the others were; the next run retries them). */
  public static final int EXIT_ALERT_NOT_DELIVERED = 4;
  /** Exit code when another writer job holds the warehouse's writer lock (nothing was done; run again later). */
  public static final int EXIT_WAREHOUSE_LOCKED = 5;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(names = Failures.VERBOSE, scope = CommandLine.ScopeType.INHERIT,
      description = "On a user error (exit code 2), print the stack trace after the one-line message.")
  boolean verbose;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static CommandLine commandLine() {
    return Failures.install(CommandProgress.install(
        LockedExecution.install(new CommandLine(new BrandPulse()).setCaseInsensitiveEnumValuesAllowed(true))));
  }

  public static void main(String[] args) {
    int code;
    try {
      code = commandLine().execute(args);
    } catch (Throwable t) { // an Error, or a failure outside any command: still an exit code, never a throw
      System.err.println("brandpulse: failed: " + Failures.cause(t) + " (an internal error; the stack trace follows)");
      t.printStackTrace();
      code = Failures.EXIT_INTERNAL;
    }
    System.out.flush();
    System.exit(code);
  }
}
