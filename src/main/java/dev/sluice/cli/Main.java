package dev.sluice.cli;

import dev.sluice.sys.Kernel;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code sluice} command line: parses, calls the public API, prints. */
public final class Main {
    static final String VERSION = "sluice 0.1.0";

    private Main() {
    }

    /**
     * Runs the command line {@code args} and exits with its status: 0 on success, 1 when an
     * operation failed, 2 on a usage error.
     *
     * @param args the command line, e.g. {@code cache stat FILE}
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int exit = run(args, out, err);
        // On success main just returns (the library's threads are daemons): since JDK 21,
        // System.exit first looks up a System.Logger for Runtime.exit, tens of milliseconds of a
        // command that takes a few hundred.
        if (exit != CommandRunner.OK) {
            System.exit(exit);
        }
    }

    /** Runs {@code args}, printing to {@code out} and {@code err}; {@return the exit status} */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        return CommandRunner.run(commands(), args, out, err, Main::nativeAccess);
    }

    /** The command tree; each subcommand is built only when a command line goes through it. */
    static CommandSpec commands() {
        return CommandSpec.top("sluice", VERSION,
                        "Linux native I/O for Java: see and steer the page cache, write-behind, read-ahead and zero copy.")
                .subcommand("cache", CacheCommand.DESCRIPTION, c -> CacheCommand.define(c))
                .subcommand("log", LogCommand.DESCRIPTION, c -> LogCommand.define(c))
                .subcommand("features", FeaturesCommand.DESCRIPTION, c -> FeaturesCommand.define(c))
                .subcommand("help", HelpCommand.DESCRIPTION, c -> HelpCommand.define(c))
                .footer("", "./sluice bench: JMH benchmarks against plain NIO (needs the source tree; ./sluice bench --help)");
    }

    /** Every command but help calls Linux; without native access it fails at once in one line. */
    private static void nativeAccess(CommandSpec command) {
        if (!command.qualifiedName().equals("sluice help")) {
            Kernel.system();
        }
    }
}
