package dev.sluice.cli;

import java.util.List;

/**
 * {@code sluice help [COMMAND...]}: the usage of any command, however deep ({@code sluice help log
 * dump}), the same page as {@code sluice log dump --help}.
 */
final class HelpCommand {
    static final String DESCRIPTION = "Show the usage of a command, e.g. 'sluice help log dump'.";

    private static final ParamSpec<String> NAMES = ParamSpec.many("COMMAND", 0, Converter::asIs,
            "The command and subcommands to show the usage of.");

    private HelpCommand() {
    }

    static void define(CommandSpec command) {
        command.param(NAMES).action(HelpCommand::run);
    }

    private static int run(Invocation call) {
        CommandSpec target = call.command().parent();
        List<String> names = call.get(NAMES);
        for (String name : names) {
            CommandSpec sub = target.subcommand(name);
            if (sub == null) {
                throw new UsageError(ArgParser.unknownCommand(target, name));
            }
            target = sub;
        }
        call.out().print(UsageText.of(target));
        return CommandRunner.OK;
    }
}
