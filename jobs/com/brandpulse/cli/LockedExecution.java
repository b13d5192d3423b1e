package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.WarehouseLock;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * How BrandPulse runs a command: a warehouse writer (a command taking {@link WriterOptions}) runs
 * holding the warehouse's writer lock ({@link WarehouseLock}), released when it ends, whatever the
 * outcome; readers run as they are. A writer that finds another one running exits {@link
 * BrandPulse#EXIT_WAREHOUSE_LOCKED}, naming it.
 */
final class LockedExecution
    implements CommandLine.IExecutionStrategy, CommandLine.IExecutionExceptionHandler {
  static final String EXIT_CODE_LINE =
      "Exit code 5: another writer holds the warehouse lock (the message names it);"
          + " --wait-for-lock waits for it.";
  private static final CommandLine.IExecutionStrategy RUN = new CommandLine.RunLast();

  private LockedExecution() {}

  /**
   * Sets up {@code root}: the lock around writers, its exit code, and that exit code in each
   * writer's help.
   */
  static CommandLine install(CommandLine root) {
    LockedExecution execution = new LockedExecution();
    for (CommandLine writer : writers(root)) {
      CommandSpec spec = writer.getCommandSpec();
      List<String> description = new ArrayList<>(Arrays.asList(spec.usageMessage().description()));
      description.add(EXIT_CODE_LINE);
      spec.usageMessage().description(description.toArray(new String[0]));
    }
    return root.setExecutionStrategy(execution).setExecutionExceptionHandler(execution);
  }

  /** Every command under {@code root} that writes the warehouse. */
  static List<CommandLine> writers(CommandLine root) {
    List<CommandLine> out = new ArrayList<>();
    for (CommandLine sub :
        new LinkedHashSet<>(root.getSubcommands().values())) { // a set: aliases map to one
      if (writerOptions(sub.getCommandSpec()) != null) {
        out.add(sub);
      }
      out.addAll(writers(sub));
    }
    return out;
  }

  private static WriterOptions writerOptions(CommandSpec spec) {
    return spec.mixins().values().stream()
        .map(CommandSpec::userObject)
        .filter(WriterOptions.class::isInstance)
        .map(WriterOptions.class::cast)
        .findFirst()
        .orElse(null);
  }

  /**
   * {@code ingest}, {@code labels import}: the command as typed, without the application's name.
   */
  static String name(CommandSpec spec) {
    String qualified = spec.qualifiedName(" ");
    return qualified.substring(qualified.indexOf(' ') + 1);
  }

  @Override
  public int execute(ParseResult parseResult) {
    Integer help = CommandLine.executeHelpRequest(parseResult);
    if (help != null) {
      return help;
    }
    ParseResult leaf = parseResult;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    CommandSpec spec = leaf.commandSpec();
    WriterOptions writer = writerOptions(spec);
    if (writer == null
        || spec.userObject() instanceof WriterOptions.SometimesReadOnly r && r.readOnly()) {
      return RUN.execute(parseResult);
    }
    CommandLine command = spec.commandLine();
    PrintWriter err = command.getErr();
    AppConfig config;
    WarehouseLock.Settings settings;
    try {
      config = writer.config();
      settings = WarehouseLock.Settings.from(config);
    } catch (
        RuntimeException e) { // a bad --env-file or --set: failed as the command itself would have
      throw new CommandLine.ExecutionException(command, e.getMessage(), e);
    }
    WarehouseLock lock;
    try {
      lock =
          WarehouseLock.acquire(
              config.warehouse(),
              name(spec),
              settings,
              writer.waitForLock,
              message -> {
                err.println(name(spec) + ": " + message);
                err.flush();
              });
    } catch (WarehouseLock.HeldException e) {
      throw new CommandLine.ExecutionException(command, e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandLine.ExecutionException(
          command, "interrupted while waiting for the warehouse lock", e);
    } catch (Exception e) {
      throw new CommandLine.ExecutionException(
          command, "could not take the warehouse lock: " + e.getMessage(), e);
    }
    try {
      return RUN.execute(parseResult);
    } finally {
      try {
        lock.close();
      } catch (RuntimeException e) {
        // The job's outcome stands; a lock left behind by this process is taken over once it has
        // exited.
        err.println(name(spec) + ": " + e.getMessage());
        err.flush();
      }
    }
  }

  /**
   * A held lock is an expected outcome, said in one line with its exit code; anything else fails as
   * before.
   */
  @Override
  public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult)
      throws Exception {
    if (ex instanceof WarehouseLock.HeldException held) {
      command
          .getErr()
          .println(
              name(command.getCommandSpec())
                  + ": "
                  + held.getMessage()
                  + ". Run it again when that"
                  + " writer has finished, or pass --wait-for-lock DURATION; a lock left by a writer that died is taken over"
                  + " by the next run.");
      command.getErr().flush();
      return BrandPulse.EXIT_WAREHOUSE_LOCKED;
    }
    throw ex;
  }
}
