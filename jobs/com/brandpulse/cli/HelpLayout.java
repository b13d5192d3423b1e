package com.brandpulse.cli;

import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How the usage help is laid out: at a fixed width that holds the descriptions' hand-wrapped lines
 * (so {@code --help} and docs/commands.md, which {@code brandpulse docs} makes from it, are the
 * same text whatever the terminal), and with each command listed by its first sentence, where
 * picocli would show the first line of its description, cut mid-sentence.
 */
final class HelpLayout {
  /** Characters per line of the usage help. */
  static final int WIDTH = 120;

  /** Width of the command-name column of a command list. */
  private static final int NAME_COLUMN = 22;

  private HelpLayout() {}

  static CommandLine install(CommandLine root) {
    root.setUsageHelpWidth(WIDTH);
    installCommandLists(root);
    return root;
  }

  private static void installCommandLists(CommandLine command) {
    if (!command.getSubcommands().isEmpty()) {
      command
          .getHelpSectionMap()
          .put(
              CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, HelpLayout::commandList);
    }
    for (CommandLine sub :
        new LinkedHashSet<>(command.getSubcommands().values())) { // a set: aliases map to one
      installCommandLists(sub);
    }
  }

  /** "Commands:" and one row per subcommand: its name and the first sentence of its description. */
  private static String commandList(Help help) {
    if (help.commandSpec().subcommands().isEmpty()) {
      return "";
    }
    int width = help.commandSpec().usageMessage().width();
    TextTable table =
        TextTable.forColumns(
            help.colorScheme(),
            new Column(NAME_COLUMN, 2, Column.Overflow.SPAN),
            new Column(width - NAME_COLUMN, 2, Column.Overflow.WRAP));
    for (CommandLine sub : new LinkedHashSet<>(help.commandSpec().subcommands().values())) {
      CommandSpec spec = sub.getCommandSpec();
      String summary = summary(spec);
      table.addRowValues(spec.name(), summary.endsWith(".") ? summary : summary + ".");
    }
    return table.toString(); // its heading ("Commands:") is a section of its own
  }

  /**
   * The command's header when it has one, else the first sentence of its description (its lines are
   * wrapped by hand, so they are joined first).
   */
  static String summary(CommandSpec spec) {
    String[] lines =
        spec.usageMessage().header().length > 0
            ? spec.usageMessage().header()
            : spec.usageMessage().description();
    String text = String.join(" ", lines).replace("%n", " ").replaceAll("\\s+", " ").strip();
    for (int i = 0; i < text.length() - 1; i++) {
      if (text.charAt(i) == '.' && text.charAt(i + 1) == ' ' && !abbreviation(text, i)) {
        return text.substring(0, i);
      }
    }
    return text.endsWith(".") && !text.endsWith("..") ? text.substring(0, text.length() - 1) : text;
  }

  /** A dot that does not end a sentence: e.g., i.e., etc. or part of an ellipsis. */
  private static boolean abbreviation(String text, int dot) {
    if (dot > 0 && text.charAt(dot - 1) == '.') {
      return true;
    }
    for (String a : List.of("e.g", "i.e", "etc", "vs")) {
      if (dot >= a.length() && text.regionMatches(true, dot - a.length(), a, 0, a.length())) {
        return true;
      }
    }
    return false;
  }
}
