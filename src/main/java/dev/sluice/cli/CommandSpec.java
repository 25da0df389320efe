package dev.sluice.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One command of the command line, as data: its name and description, its options and positional
 * parameters, its subcommands, and the action that runs it. Every command has {@code -h, --help};
 * the top one also {@code -V, --version}.
 *
 * <p>A subcommand is declared by name, description and a {@link Definition} that adds the rest; the
 * definition runs when the subcommand is first asked for, so a command line builds (and loads the
 * classes of) only the commands it goes through. Its description is declared by the parent so that
 * the parent's usage can list it without building it.
 */
final class CommandSpec {
    /** What runs a command, given its parsed arguments. */
    @FunctionalInterface
    interface Action {
        /** {@return the exit status} A {@link UsageError} is a usage error of this command (exit 2). */
        int run(Invocation invocation) throws Exception;
    }

    /** Adds a subcommand's options, parameters, subcommands and action to it. */
    @FunctionalInterface
    interface Definition {
        void define(CommandSpec command);
    }

    private record Declared(String description, Definition definition) {
    }

    private final String name;
    private final String[] description;
    private final CommandSpec parent;
    private final String version;
    private final List<OptionSpec<?>> options = new ArrayList<>();
    private final List<ParamSpec<?>> params = new ArrayList<>();
    private final Map<String, Declared> declared = new LinkedHashMap<>();
    private final Map<String, CommandSpec> built = new LinkedHashMap<>();
    private final List<String> footer = new ArrayList<>();
    private Action action;

    private CommandSpec(String name, String description, CommandSpec parent, String version) {
        this.name = name;
        this.description = description.split("\n");
        this.parent = parent;
        this.version = version;
        options.add(OptionSpec.HELP);
        if (parent == null) {
            options.add(OptionSpec.VERSION);
        }
    }

    /**
     * The top command. {@code description} may have several lines, separated by {@code \n}; the
     * first is what a parent's list of commands shows.
     */
    static CommandSpec top(String name, String version, String description) {
        return new CommandSpec(name, description, null, version);
    }

    CommandSpec option(OptionSpec<?> option) {
        for (OptionSpec<?> o : options) {
            if (o.name().equals(option.name())) {
                throw new IllegalArgumentException(qualifiedName() + " has " + option.name() + " twice");
            }
        }
        options.add(option);
        return this;
    }

    CommandSpec param(ParamSpec<?> param) {
        if (!declared.isEmpty()) {
            throw new IllegalStateException(qualifiedName() + " has subcommands: its arguments name them");
        }
        params.add(param);
        return this;
    }

    /**
     * Declares a subcommand; {@code definition} runs on first use of it (see the class comment). Pass
     * a lambda ({@code c -> LogCommand.define(c)}), not a method reference: resolving
     * {@code LogCommand::define} loads (and verifies) LogCommand as soon as the parent is built.
     * {@code description} is best a constant of the subcommand's class, which javac copies here
     * without loading that class.
     */
    CommandSpec subcommand(String name, String description, Definition definition) {
        if (!params.isEmpty()) {
            throw new IllegalStateException(qualifiedName() + " has parameters: it cannot have subcommands");
        }
        declared.put(name, new Declared(description, definition));
        return this;
    }

    CommandSpec footer(String... lines) {
        footer.addAll(List.of(lines));
        return this;
    }

    CommandSpec action(Action action) {
        this.action = action;
        return this;
    }

    /** {@return the subcommand named {@code name}, built on first use, or null if there is none} */
    CommandSpec subcommand(String name) {
        CommandSpec sub = built.get(name);
        if (sub == null) {
            Declared d = declared.get(name);
            if (d == null) {
                return null;
            }
            sub = new CommandSpec(name, d.description(), this, null);
            d.definition().define(sub);
            built.put(name, sub);
        }
        return sub;
    }

    /** The subcommands in the order they were declared. */
    List<String> subcommandNames() {
        return List.copyOf(declared.keySet());
    }

    /** The subcommands built so far (a command line builds those it goes through). */
    List<String> builtSubcommandNames() {
        return List.copyOf(built.keySet());
    }

    /** The first line of a subcommand's description, without building it. */
    String summaryOf(String subcommand) {
        return declared.get(subcommand).description().split("\n", 2)[0];
    }

    boolean hasSubcommands() {
        return !declared.isEmpty();
    }

    String name() {
        return name;
    }

    /** {@code sluice log dump}: the names from the top command down. */
    String qualifiedName() {
        return parent == null ? name : parent.qualifiedName() + " " + name;
    }

    CommandSpec parent() {
        return parent;
    }

    /** The top command's version line; null below it. */
    String version() {
        return version;
    }

    List<String> description() {
        return List.of(description);
    }

    List<OptionSpec<?>> options() {
        return Collections.unmodifiableList(options);
    }

    List<ParamSpec<?>> params() {
        return Collections.unmodifiableList(params);
    }

    List<String> footer() {
        return Collections.unmodifiableList(footer);
    }

    /** Null for a command that only groups subcommands. */
    Action action() {
        return action;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
