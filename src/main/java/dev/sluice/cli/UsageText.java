package dev.sluice.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A command's usage page, laid out as picocli laid it out (the README quotes it): the synopsis, the
 * description, each parameter and option with its label and description, the subcommands, the
 * footer; wrapped to fit 80 columns.
 */
final class UsageText {
    /** The longest line: one column short of a classic terminal, so that no line ends at its edge. */
    static final int WIDTH = 79;
    /** A longer option (with its label) gets a line of its own, its description on the next. */
    private static final int LONGEST_NAME = 20;
    private static final Comparator<OptionSpec<?>> BY_NAME =
            Comparator.comparing(o -> o.name().substring(2).toLowerCase(java.util.Locale.ROOT));

    private UsageText() {
    }

    static String of(CommandSpec command) {
        StringBuilder page = new StringBuilder();
        synopsis(command, page);
        for (String line : command.description()) {
            wrap(line, 0, 0, page);
        }
        arguments(command, page);
        subcommands(command, page);
        for (String line : command.footer()) {
            wrap(line, 0, 0, page);
        }
        return page.toString();
    }

    /** {@code Usage: sluice log dump [-h] [--json] --dir=DIR [--from=N]}: flags first, then by name. */
    private static void synopsis(CommandSpec command, StringBuilder page) {
        List<String> parts = new ArrayList<>();
        StringBuilder shortFlags = new StringBuilder();
        List<OptionSpec<?>> flags = new ArrayList<>();
        List<OptionSpec<?>> valued = new ArrayList<>();
        for (OptionSpec<?> option : command.options()) {
            if (option.isFlag() && option.shortName() != null) {
                shortFlags.append(option.shortName().substring(1));
            } else {
                (option.isFlag() ? flags : valued).add(option);
            }
        }
        if (!shortFlags.isEmpty()) {
            parts.add("[-" + shortFlags + "]");
        }
        flags.sort(BY_NAME);
        valued.sort(BY_NAME);
        for (OptionSpec<?> option : flags) {
            parts.add(option.isRequired() ? option.synopsis() : "[" + option.synopsis() + "]");
        }
        for (OptionSpec<?> option : valued) {
            parts.add(option.isRequired() ? option.synopsis() : "[" + option.synopsis() + "]");
        }
        for (ParamSpec<?> param : command.params()) {
            parts.add(param.synopsis());
        }
        if (command.hasSubcommands()) {
            parts.add("[COMMAND]");
        }
        String head = "Usage: " + command.qualifiedName() + " ";
        wrap(head + String.join(" ", parts), head.length(), head.length(), page);
    }

    /** The parameters, then the options by name: a column of names, a column of descriptions. */
    private static void arguments(CommandSpec command, StringBuilder page) {
        List<OptionSpec<?>> options = new ArrayList<>(command.options());
        options.sort(BY_NAME);
        // the column fits the longest name of at most LONGEST_NAME characters, with three spaces
        // after it; a longer name gets a line of its own
        int longest = 0;
        for (ParamSpec<?> param : command.params()) {
            longest = longestUpTo(LONGEST_NAME, longest, param.synopsis());
        }
        for (OptionSpec<?> option : options) {
            longest = longestUpTo(LONGEST_NAME, longest, option.synopsis());
        }
        int column = 6 + (longest == 0 ? LONGEST_NAME : longest) + 3;
        for (ParamSpec<?> param : command.params()) {
            row("      " + param.synopsis(), param.description(), column, page);
        }
        for (OptionSpec<?> option : options) {
            String names = (option.shortName() == null ? "      " : "  " + option.shortName() + ", ") + option.synopsis();
            row(names, option.description(), column, page);
        }
    }

    private static int longestUpTo(int limit, int longest, String name) {
        return name.length() <= limit ? Math.max(longest, name.length()) : longest;
    }

    private static void subcommands(CommandSpec command, StringBuilder page) {
        if (!command.hasSubcommands()) {
            return;
        }
        page.append("Commands:\n");
        int longest = 0;
        for (String name : command.subcommandNames()) {
            longest = Math.max(longest, name.length());
        }
        for (String name : command.subcommandNames()) {
            row("  " + name, command.summaryOf(name), 2 + longest + 2, page);
        }
    }

    /** {@code names} then {@code description} at {@code column}, on the next line if the names reach it. */
    private static void row(String names, String description, int column, StringBuilder page) {
        if (names.length() > column - 2) {
            page.append(names).append('\n');
            wrap(" ".repeat(column) + description, column, column + 2, page);
        } else {
            wrap(names + " ".repeat(column - names.length()) + description, column, column + 2, page);
        }
    }

    /**
     * Appends {@code text} wrapped at {@link #WIDTH} between words, each line after the first indented
     * by {@code indent}; the first {@code keep} characters of the text are never broken.
     */
    static void wrap(String text, int keep, int indent, StringBuilder page) {
        int start = page.length();
        int lineStart = start;
        String[] words = text.substring(Math.min(keep, text.length())).split(" ", -1);
        page.append(text, 0, Math.min(keep, text.length()));
        boolean first = true;
        for (String word : words) {
            boolean fits = page.length() - lineStart + (first ? 0 : 1) + word.length() <= WIDTH;
            boolean atLineStart = page.length() - lineStart <= (lineStart == start ? keep : indent);
            if (!fits && !atLineStart) {
                page.append('\n');
                lineStart = page.length();
                page.append(" ".repeat(indent));
            } else if (!first) {
                page.append(' ');
            }
            page.append(word);
            first = false;
        }
        page.append('\n');
    }
}
