package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.Progress;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * How a command's progress is shown and how it ends: {@link Progress} runs while it does (a bar on
 * a terminal, periodic log lines elsewhere, as conf's {@code progress} says), and a command that
 * returns, whatever its exit code, ends with one line on stderr with its time, {@code ingest: done
 * in 4m12s (40 files, ...)}. A command that fails says so in its own line instead ({@link
 * Failures}). Stdout stays the command's output, for the scripts and tests that read it.
 */
final class CommandProgress implements CommandLine.IExecutionStrategy {
  private final CommandLine.IExecutionStrategy next;

  private CommandProgress(CommandLine.IExecutionStrategy next) {
    this.next = next;
  }

  /** Wraps {@code root}'s execution strategy (install after {@link LockedExecution#install}). */
  static CommandLine install(CommandLine root) {
    return root.setExecutionStrategy(new CommandProgress(root.getExecutionStrategy()));
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
    if (spec.parent() == null || spec.userObject() instanceof CommandLine.HelpCommand) {
      return next.execute(parseResult); // no command: a usage error or help, said by picocli
    }
    Progress progress = Progress.start(LockedExecution.name(spec), settings(spec));
    int code;
    try {
      code = next.execute(parseResult);
    } finally {
      progress.close();
    }
    String closing = progress.finish(code);
    if (code != Failures.EXIT_USER_ERROR) {
      // a user error has said what is wrong in its one line; a closing line would be a second
      PrintWriter err = spec.commandLine().getErr();
      err.println(closing);
      err.flush();
    }
    return code;
  }

  /**
   * From the command's configuration; a bad one fails the command itself, so none is shown until
   * then.
   */
  private static Progress.Settings settings(CommandSpec spec) {
    CommonOptions options = commonOptions(spec);
    try {
      return Progress.Settings.from(options == null ? AppConfig.defaults() : options.config());
    } catch (RuntimeException e) {
      return Progress.Settings.from(AppConfig.defaults());
    }
  }

  /**
   * The command's {@link CommonOptions}, also inside a mixin of its own (predict-sentiment's), else
   * null.
   */
  private static CommonOptions commonOptions(CommandSpec spec) {
    for (CommandSpec mixin : spec.mixins().values()) {
      CommonOptions found =
          mixin.userObject() instanceof CommonOptions c ? c : commonOptions(mixin);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
