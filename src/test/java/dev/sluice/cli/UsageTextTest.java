package dev.sluice.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The usage page: its synopsis, columns, wrapping and sections, on made-up commands and on sluice's own. */
class UsageTextTest {
    private static CommandSpec tree() {
        return CommandSpec.top("tool", "tool 1.0", "A tool that does things.")
                .subcommand("copy", "Copy files somewhere, a very long description that has to wrap onto a second "
                        + "line.\nA second paragraph.", c -> c
                        .option(OptionSpec.value("--to", "DIR", Converter::toPath, "Where to.").required())
                        .option(OptionSpec.flag("--dry-run", "Only say what would be copied."))
                        .option(OptionSpec.value("--mode", "fast|safe|paranoid-and-slow", Converter::asIs,
                                "How to copy: fast, safe, or paranoid and slow, which checks every byte twice "
                                        + "and takes a long time to do it."))
                        .option(OptionSpec.value("--buffer", "SIZE", Converter::asIs, "Buffer size."))
                        .param(ParamSpec.many("FILE", 1, Converter::toPath, "Files to copy."))
                        .action(call -> 0))
                .subcommand("x", "Short.", c -> c.action(call -> 0))
                .footer("", "See also: the manual.");
    }

    @Test
    void aCommandsPageHasSynopsisDescriptionParametersThenOptionsByName() {
        // the column fits the longest name up to 20 characters (--buffer=SIZE), a longer one gets its own line
        assertThat(UsageText.of(tree().subcommand("copy"))).isEqualTo("""
                Usage: tool copy [-h] [--dry-run] [--buffer=SIZE]
                                 [--mode=fast|safe|paranoid-and-slow] --to=DIR FILE...
                Copy files somewhere, a very long description that has to wrap onto a second
                line.
                A second paragraph.
                      FILE...         Files to copy.
                      --buffer=SIZE   Buffer size.
                      --dry-run       Only say what would be copied.
                  -h, --help          Show this help message and exit.
                      --mode=fast|safe|paranoid-and-slow
                                      How to copy: fast, safe, or paranoid and slow, which
                                        checks every byte twice and takes a long time to do it.
                      --to=DIR        Where to.
                """);
    }

    @Test
    void aGroupsPageListsItsCommandsWithTheirFirstLineAndTheFooter() {
        assertThat(UsageText.of(tree())).isEqualTo("""
                Usage: tool [-hV] [COMMAND]
                A tool that does things.
                  -h, --help      Show this help message and exit.
                  -V, --version   Print version information and exit.
                Commands:
                  copy  Copy files somewhere, a very long description that has to wrap onto a
                          second line.
                  x     Short.

                See also: the manual.
                """);
    }

    @Test
    void aWordLongerThanALineIsKeptWhole() {
        StringBuilder page = new StringBuilder();
        String word = "x".repeat(100);
        UsageText.wrap("short " + word + " end", 0, 4, page);
        assertThat(page.toString()).isEqualTo("short\n    " + word + "\n    end\n");
    }

    /** Every page of sluice fits 80 columns and ends its lines without trailing spaces. */
    @Test
    void sluicesPagesFitEightyColumns() {
        List<CommandSpec> all = new ArrayList<>();
        collect(Main.commands(), all);
        assertThat(all).hasSizeGreaterThan(10);
        for (CommandSpec command : all) {
            for (String line : UsageText.of(command).lines().toList()) {
                assertThat(line.length()).as("%s: %s", command, line).isLessThanOrEqualTo(UsageText.WIDTH);
                assertThat(line).as("%s", command).doesNotEndWith(" ");
            }
        }
    }

    private static void collect(CommandSpec command, List<CommandSpec> into) {
        into.add(command);
        for (String name : command.subcommandNames()) {
            collect(command.subcommand(name), into);
        }
    }
}
