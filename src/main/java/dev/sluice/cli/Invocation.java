package dev.sluice.cli;

import java.io.PrintWriter;
import java.util.List;

/** What a command's action is given: the command, its arguments, and where to print. */
record Invocation(CommandSpec command, ParsedArgs args, PrintWriter out, PrintWriter err) {
    <T> T get(OptionSpec<T> option) {
        return args.get(option);
    }

    <T> List<T> get(ParamSpec<T> param) {
        return args.get(param);
    }

    boolean isSet(OptionSpec<?> option) {
        return args.isSet(option);
    }

    /** {@code log gen} for {@code sluice log gen}: how a command's own messages name it. */
    String commandName() {
        String name = command.qualifiedName();
        return name.substring(name.indexOf(' ') + 1);
    }
}
