package dev.sluice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;

/**
 * {@code sluice help [COMMAND...]}: the usage of any command, however deep ({@code sluice help log
 * dump}), the same page as {@code sluice log dump --help}. Picocli's own help command looks one
 * level down only.
 */
@Command(name = "help", description = "Show the usage of a command, e.g. 'sluice help log dump'.")
final class HelpCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command and subcommands to show the usage of.")
    List<String> names = List.of();

    @Override
    public void run() {
        CommandLine target = spec.parent().commandLine();
        for (String name : names) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown command '" + name + "': "
                        + target.getCommandSpec().qualifiedName() + " has " + String.join(", ",
                        target.getSubcommands().keySet()));
            }
            target = sub;
        }
        target.usage(spec.commandLine().getOut());
    }
}
