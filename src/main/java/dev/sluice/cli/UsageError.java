package dev.sluice.cli;

/**
 * A command line that is wrong (exit status 2): an unknown option, a missing or malformed value, flags
 * that do not go together. Thrown by the parser, which names the command, or by a command's action,
 * whose command the runner names, in "sluice: MESSAGE (see 'sluice log gen --help')".
 */
final class UsageError extends RuntimeException {
    private final transient CommandSpec command;

    UsageError(String message) {
        this(null, message);
    }

    UsageError(CommandSpec command, String message) {
        super(message, null, false, false);
        this.command = command;
    }

    /** The command whose usage was wrong; null if the thrower left it to the runner. */
    CommandSpec command() {
        return command;
    }
}
