package dev.sluice.cli;

import dev.sluice.sys.Native;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} command line: parses, calls the public API, prints. */
@Command(name = "sluice", mixinStandardHelpOptions = true, version = "sluice 0.1.0",
        description = "Linux native I/O for Java: see and steer the page cache, write-behind, read-ahead and zero copy.",
        subcommands = {CacheCommand.class, LogCommand.class, FeaturesCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "./sluice bench: JMH benchmarks against plain NIO (needs the source tree)"})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: usage errors exit 2, failed operations 1 with a one-line message. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionStrategy(parseResult -> {
            Integer help = CommandLine.executeHelpRequest(parseResult);
            if (help != null) {
                return help; // --help and --version need no native access, and answer at once
            }
            try {
                Native.system();
            } catch (UnsupportedOperationException e) {
                parseResult.commandSpec().commandLine().getErr().println("sluice: " + e.getMessage());
                return 1;
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("sluice: " + OneLine.of(e));
            return 1;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("sluice: " + OneLine.of(e) + " (see '" + failed.getCommandSpec().qualifiedName()
                    + " --help')");
            return CommandLine.ExitCode.USAGE;
        });
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
