package com.brandpulse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The application's entry point, run by spark-submit ({@code --class
 * com.brandpulse.cli.BrandPulse}). Each subcommand is a thin job main; a failure becomes a non-zero
 * exit for the scheduler ({@link Failures}: 2 for a user error, said in one line, 1 for an internal
 * one). {@link #main} never throws: spark-submit would print its own stack under the message. While
 * a command runs its progress shows on stderr, and it ends with one line there with its time
 * ({@link CommandProgress}).
 */
@Command(
    name = "brandpulse",
    mixinStandardHelpOptions = true,
    version = "brandpulse 0.1.0",
    description = "Brand Pulse: a social-listening warehouse on Spark and Delta Lake.",
    footer = {
      "Every command has --help. The ones that read configuration take --env-file FILE and --set key=value",
      "(overrides of conf/brandpulse.conf) and --warehouse DIR (default ./warehouse).",
      "Exit codes: 0 done; 1 failed (the scheduler sees it); 2 bad arguments, or a statement sql or bi-sql refused",
      "(one line on stderr; --verbose adds the stack trace); 3 ingest finished but a quarantine alarm is open or a file",
      "could not be read whole (the data and the run rows are written: look at silver.quarantine, then ingest",
      "--accept-quarantine RUN_ID); 4 alert could not deliver some messages (the others went out; the next run retries",
      "the failed ones); 5 another writer holds the warehouse's writer lock (nothing done; the message names it).",
      "Docs: README.md and docs/ (docs/commands.md is this help for every command, docs/tables.md every table)."
    },
    subcommands = {
      IngestCommand.class,
      PeopleCommand.class,
      EnrichCommand.class,
      LabelsCommand.class,
      SentimentCommands.Train.class,
      SentimentCommands.Predict.class,
      SentimentCommands.Evaluate.class,
      TopicCommands.Train.class,
      TopicCommands.Evaluate.class,
      ModelsCommand.class,
      ModelGateCommands.Evaluate.class,
      ModelGateCommands.Promote.class,
      ScoreCommand.class,
      AggregateCommand.class,
      AlertCommand.class,
      ReportCommand.class,
      PublishCommand.class,
      BiSqlCommand.class,
      ServingSetupCommand.class,
      ClusterCommand.class,
      SqlCommand.class,
      ForgetCommand.class,
      DetectSpikesCommand.class,
      DemoCommand.class,
      DocsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class BrandPulse implements Runnable {
  /**
   * Exit code when the quarantine ratio of a run is above its limit, or a file could not be read
   * whole (the data landed, but look).
   */
  public static final int EXIT_QUARANTINE_RATIO = 3;

  /**
   * Exit code when some alert messages could not be delivered (the others were; the next run
   * retries them).
   */
  public static final int EXIT_ALERT_NOT_DELIVERED = 4;

  /**
   * Exit code when another writer job holds the warehouse's writer lock (nothing was done; run
   * again later).
   */
  public static final int EXIT_WAREHOUSE_LOCKED = 5;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(
      names = Failures.VERBOSE,
      scope = CommandLine.ScopeType.INHERIT,
      description =
          "On a user error (exit code 2), print the stack trace after the one-line message.")
  boolean verbose;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static CommandLine commandLine() {
    return Failures.install(
        CommandProgress.install(
            LockedExecution.install(
                HelpLayout.install(
                    new CommandLine(new BrandPulse()).setCaseInsensitiveEnumValuesAllowed(true)))));
  }

  public static void main(String[] args) {
    int code;
    try {
      code = commandLine().execute(args);
    } catch (
        Throwable
            t) { // an Error, or a failure outside any command: still an exit code, never a throw
      System.err.println(
          "brandpulse: failed: "
              + Failures.cause(t)
              + " (an internal error; the stack trace follows)");
      t.printStackTrace();
      code = Failures.EXIT_INTERNAL;
    }
    System.out.flush();
    System.exit(code);
  }
}
