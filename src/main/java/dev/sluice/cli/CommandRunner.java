package dev.sluice.cli;

import java.io.PrintWriter;

/**
 * Runs a command line against a tree of {@link CommandSpec}s: prints the usage or the version when
 * asked, else runs the command's action. Exit status 0 on success, 2 on a usage error
 * ({@code sluice: MESSAGE (see 'sluice cache stat --help')}), 1 when the action failed (one line:
 * {@code sluice: MESSAGE}).
 */
final class CommandRunner {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    /** Runs before an action, for what every action needs; a failure is a failed operation. */
    @FunctionalInterface
    interface Prelude {
        void before(CommandSpec command);
    }

    private CommandRunner() {
    }

    static int run(CommandSpec top, String[] args, PrintWriter out, PrintWriter err, Prelude prelude) {
        try {
            return parseAndRun(top, args, out, err, prelude);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int parseAndRun(CommandSpec top, String[] args, PrintWriter out, PrintWriter err, Prelude prelude) {
        ArgParser.Parsed parsed;
        try {
            parsed = ArgParser.parse(top, args);
        } catch (UsageError e) {
            return usageError(e, e.command(), err);
        }
        CommandSpec command = parsed.command();
        if (parsed.helpAsked()) {
            out.print(UsageText.of(command));
            return OK;
        }
        if (parsed.versionAsked()) {
            out.println(command.version());
            return OK;
        }
        try {
            prelude.before(command);
            return command.action().run(new Invocation(command, parsed.args(), out, err));
        } catch (UsageError e) {
            return usageError(e, e.command() != null ? e.command() : command, err);
        } catch (Exception e) {
            out.flush();
            err.println("sluice: " + OneLine.of(e));
            return FAILED;
        }
    }

    private static int usageError(UsageError e, CommandSpec command, PrintWriter err) {
        err.println("sluice: " + OneLine.of(e) + " (see '" + command.qualifiedName() + " --help')");
        return USAGE;
    }
}
