package dev.sluice.cli;

import dev.sluice.sys.Kernel;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The {@code sluice} command line: parses, calls the public API, prints. */
@Command(name = "sluice", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Linux native I/O for Java: see and steer the page cache, write-behind, read-ahead and zero copy.",
        footer = {"", "./sluice bench: JMH benchmarks against plain NIO (needs the source tree; ./sluice bench --help)"})
public final class Main implements Runnable {
    static final String VERSION = "sluice 0.1.0";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The subcommands in the order help lists them. Building a subcommand's model (picocli reads
     * every annotation of its classes) is most of a command's start-up, so a command line that
     * names one builds that one only.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> all = new LinkedHashMap<>();
        all.put("cache", CacheCommand::new);
        all.put("log", LogCommand::new);
        all.put("features", FeaturesCommand::new);
        all.put("help", HelpCommand::new);
        return all;
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            System.out.println(VERSION); // what scripts ask most, answered before picocli loads
            return;
        }
        System.exit(commandLine(args).execute(args));
    }

    /** The command line with every subcommand. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The configured command line for {@code args}: usage errors exit 2, failed operations 1 with a
     * one-line message. It has only the subcommand {@code args} names, if they start with one
     * ({@code help} needs them all), and none for {@code --version}.
     */
    public static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        String named = args.length > 0 && !args[0].equals("help") && SUBCOMMANDS.containsKey(args[0]) ? args[0] : null;
        boolean versionOnly = args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
        SUBCOMMANDS.forEach((name, subcommand) -> {
            if (!versionOnly && (named == null || named.equals(name))) {
                cli.addSubcommand(name, subcommand.get());
            }
        });
        cli.setExecutionStrategy(parseResult -> {
            Integer help = CommandLine.executeHelpRequest(parseResult);
            if (help != null) {
                return help; // --help and --version need no native access, and answer at once
            }
            try {
                Kernel.system();
            } catch (UnsupportedOperationException e) {
                parseResult.commandSpec().commandLine().getErr().println("sluice: " + e.getMessage());
                return 1;
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        withHelpOption(cli, cli.getCommandSpec().version());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("sluice: " + OneLine.of(e));
            return 1;
        });
        cli.setParameterExceptionHandler((e, arguments) -> {
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
