package dev.sluice.cli;

import dev.sluice.sys.Native;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} command line: parses, calls the public API, prints. */
@Command(name = "sluice", mixinStandardHelpOptions = true, version = "sluice 0.1.0",
        description = "Linux native I/O for Java: see and steer the page cache, write-behind, read-ahead and zero copy.",
        subcommands = {CacheCommand.class, LogCommand.class, FeaturesCommand.class, HelpCommand.class},
        footer = {"", "./sluice bench: JMH benchmarks against plain NIO (needs the source tree; ./sluice bench --help)"})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        try {
            Native.system();
        } catch (UnsupportedOperationException e) {
            System.err.println("sluice: " + e.getMessage());
            System.exit(1);
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: usage errors exit 2, failed operations 1 with a one-line message. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        withHelpOption(cli, cli.getCommandSpec().version());
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

    /** --help (and --version) on every command, so each error's "see 'sluice X --help'" holds. */
    private static void withHelpOption(CommandLine command, String[] version) {
        command.getCommandSpec().mixinStandardHelpOptions(true).version(version);
        command.getSubcommands().values().forEach(sub -> withHelpOption(sub, version));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
