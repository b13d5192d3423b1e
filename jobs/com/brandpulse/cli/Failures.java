package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import com.typesafe.config.ConfigException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * How a failed command is reported. A user error (a {@link UserError}, a bad option value, a
 * missing secret, bad configuration, an IllegalArgumentException of Brand Pulse's own checks)
 * prints one line on stderr, {@code brandpulse <command>: <what is wrong and what to do>}, and
 * exits {@link #EXIT_USER_ERROR}; its stack trace only with {@code --verbose}
 * (conf/log4j2.properties logs to the console only: there is no log file to put it in). Anything
 * else is an internal failure: exit 1, the cause on the first line, then the stack trace for the
 * bug report. Exit codes of their own (5, the warehouse is locked) are decided first, by the
 * handler installed before.
 */
final class Failures
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
  /**
   * A mistake of the person running the command: nothing was done, fix the command and run it
   * again.
   */
  static final int EXIT_USER_ERROR = 2;

  /** Something went wrong inside: the stack trace says where. */
  static final int EXIT_INTERNAL = 1;

  /** The global option that adds the stack trace to a user error. */
  static final String VERBOSE = "--verbose";

  private final CommandLine.IExecutionExceptionHandler first;

  private Failures(CommandLine.IExecutionExceptionHandler first) {
    this.first = first;
  }

  /**
   * Installs on {@code root} (after {@link LockedExecution#install}, whose handler keeps exit code
   * 5).
   */
  static CommandLine install(CommandLine root) {
    Failures failures = new Failures(root.getExecutionExceptionHandler());
    return root.setExecutionExceptionHandler(failures).setParameterExceptionHandler(failures);
  }

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    CommandLine command = ex.getCommandLine();
    StringBuilder message = new StringBuilder(oneLine(ex.getMessage()));
    if (ex instanceof CommandLine.UnmatchedArgumentException unmatched
        && !unmatched.getSuggestions().isEmpty()) {
      message
          .append(" (did you mean ")
          .append(unmatched.getSuggestions().get(0))
          .append("?)"); // the closest
    }
    message
        .append("; see brandpulse ")
        .append(command.getCommandSpec().parent() == null ? "" : name(command) + " ")
        .append("--help");
    return report(
        command, message.toString(), ex, Arrays.asList(args).contains(VERBOSE), EXIT_USER_ERROR);
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult)
      throws Exception {
    try {
      return first.handleExecutionException(ex, command, parseResult);
    } catch (Exception notHandled) {
      ex = notHandled;
    }
    String user = userMessage(ex);
    if (user != null) {
      return report(command, user, ex, verbose(parseResult), EXIT_USER_ERROR);
    }
    PrintWriter err = command.getErr();
    err.println(
        prefix(command) + "failed: " + cause(ex) + " (an internal error; the stack trace follows)");
    ex.printStackTrace(err);
    err.flush();
    return EXIT_INTERNAL;
  }

  /**
   * What to tell the person when {@code t} is their mistake, else null: a {@link UserError} or a
   * missing secret anywhere in the causes; bad configuration or an IllegalArgumentException thrown
   * by Brand Pulse's own code (its convention for a bad argument, option value or setting) when it
   * is the failure itself, not deep inside a job.
   */
  static String userMessage(Throwable t) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable c = t; c != null && seen.put(c, true) == null; c = c.getCause()) {
      if (c instanceof UserError || c instanceof AppConfig.SecretError) {
        return oneLine(c.getMessage());
      }
    }
    if (t instanceof ConfigException && !(t instanceof ConfigException.Missing)) {
      return "configuration: "
          + oneLine(t.getMessage())
          + "; fix the value in the --env-file or --set";
    }
    if (t instanceof IllegalArgumentException
        && t.getStackTrace().length > 0
        && t.getStackTrace()[0].getClassName().startsWith("com.brandpulse.")) {
      return oneLine(t.getMessage());
    }
    return null;
  }

  /**
   * The failure in one line: its message, and the innermost cause's when that is another exception.
   */
  static String cause(Throwable t) {
    Throwable root = t;
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    while (root.getCause() != null && seen.put(root, true) == null) {
      root = root.getCause();
    }
    String line = describe(t);
    return root == t ? line : line + " (caused by " + describe(root) + ")";
  }

  private static String describe(Throwable t) {
    String message = t.getMessage() == null ? "" : firstLine(t.getMessage());
    return t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }

  /**
   * The message's lines, trimmed and joined with "; " (a message of several lines still prints as
   * one).
   */
  static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    return message
        .lines()
        .map(String::trim)
        .filter(l -> !l.isEmpty())
        .collect(Collectors.joining("; "));
  }

  /** The first line that is not blank (Spark's messages may start with a line break). */
  static String firstLine(String message) {
    return message == null
        ? ""
        : message.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse("");
  }

  /** {@code --verbose} given at any level of the command line. */
  private static boolean verbose(ParseResult parseResult) {
    for (ParseResult p = parseResult; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
      if (p.hasMatchedOption(VERBOSE)) {
        return true;
      }
    }
    return false;
  }

  private static int report(
      CommandLine command, String message, Throwable ex, boolean verbose, int code) {
    PrintWriter err = command.getErr();
    err.println(prefix(command) + message);
    if (verbose) {
      ex.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /**
   * {@code brandpulse ingest: }, {@code brandpulse labels import: }, {@code brandpulse: } for the
   * root.
   */
  static String prefix(CommandLine command) {
    return command.getCommandSpec().parent() == null
        ? "brandpulse: "
        : "brandpulse " + name(command) + ": ";
  }

  private static String name(CommandLine command) {
    CommandSpec spec = command.getCommandSpec();
    return LockedExecution.name(spec);
  }
}
