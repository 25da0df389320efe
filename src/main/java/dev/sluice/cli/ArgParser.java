package dev.sluice.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a command line against a tree of {@link CommandSpec}s: subcommand names down to the command
 * that runs, then that command's options ({@code --opt value}, {@code --opt=value}, flags) and
 * positional parameters, in any order; {@code --} ends the options. {@code -h}/{@code --help}
 * anywhere in a command's arguments asks for its usage, whatever else is wrong with them;
 * {@code -V}/{@code --version} is the top command's. Anything else wrong is a {@link UsageError}
 * naming the command whose usage it breaks.
 */
final class ArgParser {
    private static final String END_OF_OPTIONS = "--";

    /** What the command line asked for: to run {@code command} with {@code args}, or its usage, or the version. */
    record Parsed(CommandSpec command, ParsedArgs args, boolean helpAsked, boolean versionAsked) {
    }

    private ArgParser() {
    }

    static Parsed parse(CommandSpec top, String... args) {
        CommandSpec command = top;
        int next = 0;
        while (command.hasSubcommands()) {
            if (next == args.length) {
                throw new UsageError(command, "a subcommand is required");
            }
            String token = args[next];
            if (OptionSpec.HELP.isNamedBy(token)) {
                return new Parsed(command, new ParsedArgs(), true, false);
            }
            if (command.version() != null && OptionSpec.VERSION.isNamedBy(token)) {
                return new Parsed(command, new ParsedArgs(), false, true);
            }
            if (isOption(token)) {
                throw new UsageError(command, "Unknown option: '" + token + "'");
            }
            CommandSpec sub = command.subcommand(token);
            if (sub == null) {
                throw new UsageError(command, unknownCommand(command, token));
            }
            command = sub;
            next++;
        }
        if (asksForHelp(args, next)) {
            return new Parsed(command, new ParsedArgs(), true, false);
        }
        return new Parsed(command, arguments(command, args, next), false, false);
    }

    /** "unknown command 'x': sluice log has append, dump, ...". */
    static String unknownCommand(CommandSpec command, String name) {
        return "unknown command '" + name + "': " + command.qualifiedName()
                + (command.hasSubcommands() ? " has " + String.join(", ", command.subcommandNames()) : " has no subcommands");
    }

    private static boolean isOption(String token) {
        return token.startsWith("-") && token.length() > 1;
    }

    private static boolean asksForHelp(String[] args, int from) {
        for (int i = from; i < args.length && !args[i].equals(END_OF_OPTIONS); i++) {
            if (OptionSpec.HELP.isNamedBy(args[i])) {
                return true;
            }
        }
        return false;
    }

    private static ParsedArgs arguments(CommandSpec command, String[] args, int from) {
        ParsedArgs parsed = new ParsedArgs();
        List<String> positionals = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = from; i < args.length; i++) {
            String token = args[i];
            if (!optionsEnded && token.equals(END_OF_OPTIONS)) {
                optionsEnded = true;
            } else if (!optionsEnded && isOption(token)) {
                i = option(command, parsed, args, i);
            } else {
                positionals.add(token);
                positions.add(i);
            }
        }
        params(command, parsed, positionals, positions);
        List<String> missing = new ArrayList<>();
        for (OptionSpec<?> option : command.options()) {
            if (option.isRequired() && !parsed.isSet(option)) {
                missing.add("'" + option.synopsis() + "'");
            }
        }
        if (!missing.isEmpty()) {
            throw new UsageError(command, "Missing required option" + (missing.size() == 1 ? "" : "s") + ": "
                    + String.join(", ", missing));
        }
        return parsed;
    }

    /** Parses the option at {@code args[at]}; {@return the index of the last token it took} */
    private static int option(CommandSpec command, ParsedArgs parsed, String[] args, int at) {
        String token = args[at];
        OptionSpec<?> option = find(command, token);
        if (option == null) {
            throw new UsageError(command, "Unknown option: '" + token + "'");
        }
        if (parsed.isSet(option)) {
            throw new UsageError(command, "option '" + option.name() + "'"
                    + (option.isFlag() ? "" : " (" + option.paramLabel() + ")") + " should be specified only once");
        }
        int eq = token.indexOf('=');
        String inline = token.startsWith("--") && eq > 0 ? token.substring(eq + 1) : null;
        if (option.isFlag()) {
            @SuppressWarnings("unchecked") // a flag is an OptionSpec<Boolean>
            OptionSpec<Boolean> flag = (OptionSpec<Boolean>) option;
            parsed.set(flag, inline == null || flagValue(command, flag, inline));
            return at;
        }
        if (inline != null) {
            convert(command, parsed, option, inline);
            return at;
        }
        if (at + 1 == args.length || find(command, args[at + 1]) != null) {
            throw new UsageError(command, "Missing required parameter for option '" + option.name() + "' ("
                    + option.paramLabel() + ")");
        }
        convert(command, parsed, option, args[at + 1]);
        return at + 1;
    }

    /** {@code --flag=true} or {@code --flag=false}, in any case. */
    private static boolean flagValue(CommandSpec command, OptionSpec<Boolean> flag, String text) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new UsageError(command, "Invalid value for option '" + flag.name() + "': '" + text + "' is not a boolean");
    }

    private static OptionSpec<?> find(CommandSpec command, String token) {
        for (OptionSpec<?> option : command.options()) {
            if (option.isNamedBy(token)) {
                return option;
            }
        }
        return null;
    }

    private static <T> void convert(CommandSpec command, ParsedArgs parsed, OptionSpec<T> option, String text) {
        try {
            parsed.set(option, option.convert(text));
        } catch (IllegalArgumentException e) {
            throw new UsageError(command, "Invalid value for option '" + option.name() + "': " + e.getMessage());
        }
    }

    /**
     * Gives each parameter, in order, as many of the positionals as it takes, leaving enough for the
     * minimum of those after it.
     */
    private static void params(CommandSpec command, ParsedArgs parsed, List<String> positionals, List<Integer> positions) {
        List<ParamSpec<?>> params = command.params();
        int next = 0;
        for (int p = 0; p < params.size(); p++) {
            ParamSpec<?> param = params.get(p);
            int laterMinimum = 0;
            for (ParamSpec<?> later : params.subList(p + 1, params.size())) {
                laterMinimum += later.min();
            }
            int available = Math.max(0, positionals.size() - next - laterMinimum);
            if (available < param.min()) {
                throw new UsageError(command, "Missing required parameter: '" + param.label() + "'");
            }
            int taken = (int) Math.min(available, param.max());
            next = convert(command, parsed, param, positionals.subList(next, next + taken), next);
        }
        if (next < positionals.size()) {
            List<String> unmatched = new ArrayList<>();
            for (String extra : positionals.subList(next, positionals.size())) {
                unmatched.add("'" + extra + "'");
            }
            throw new UsageError(command, unmatched.size() == 1
                    ? "Unmatched argument at index " + positions.get(next) + ": " + unmatched.getFirst()
                    : "Unmatched arguments from index " + positions.get(next) + ": " + String.join(", ", unmatched));
        }
    }

    private static <T> int convert(CommandSpec command, ParsedArgs parsed, ParamSpec<T> param, List<String> texts,
                                   int next) {
        List<T> values = new ArrayList<>();
        for (String text : texts) {
            try {
                values.add(param.convert(text));
            } catch (IllegalArgumentException e) {
                throw new UsageError(command, "Invalid value for parameter '" + param.label() + "': " + e.getMessage());
            }
        }
        parsed.set(param, values);
        return next + texts.size();
    }
}
