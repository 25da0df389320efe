package dev.sluice.cli;

import dev.sluice.bench.suite.BenchCommand;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command answers --help (and 'sluice help COMMAND...') with its usage, naming each option,
 * and every option and parameter says what it is. A usage error's "see 'sluice X --help'" is then true.
 */
class CliHelpTest {
    private static final Pattern SEE = Pattern.compile("\\(see '(sluice[^']*) --help'\\)");

    /** Each command's path below 'sluice', e.g. [log, dump]; [] is sluice itself. */
    static Stream<List<String>> commands() {
        List<List<String>> all = new ArrayList<>();
        walk(Main.commands(), List.of(), all);
        return all.stream();
    }

    private static void walk(CommandSpec command, List<String> path, List<List<String>> into) {
        into.add(path);
        for (String name : command.subcommandNames()) {
            List<String> next = new ArrayList<>(path);
            next.add(name);
            walk(command.subcommand(name), next, into);
        }
    }

    private static CommandSpec find(List<String> path) {
        CommandSpec command = Main.commands();
        for (String name : path) {
            command = command.subcommand(name);
        }
        return command;
    }

    @ParameterizedTest(name = "sluice {0} --help")
    @MethodSource("commands")
    void answersHelpWithEveryOption(List<String> path) {
        CliRun run = CliRun.of(args(path, "--help"));
        CommandSpec command = find(path);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("Usage: " + command.qualifiedName() + " ");
        List<String> lines = run.out().lines().toList();
        for (OptionSpec<?> option : command.options()) {
            String listed = (option.shortName() == null ? "" : option.shortName() + ", ") + option.synopsis();
            assertThat(lines).as("the usage of sluice %s lists %s", path, listed)
                    .anyMatch(line -> line.matches("\\s+" + Pattern.quote(listed) + "(\\s.*)?"));
        }
        for (ParamSpec<?> param : command.params()) {
            assertThat(lines).as("the usage of sluice %s lists %s", path, param.synopsis())
                    .anyMatch(line -> line.matches("\\s+" + Pattern.quote(param.synopsis()) + "\\s+\\S.*"));
        }
    }

    @ParameterizedTest(name = "sluice help {0}")
    @MethodSource("commands")
    void theHelpCommandReachesEveryCommand(List<String> path) {
        CliRun help = CliRun.of(args(List.of("help"), path.toArray(String[]::new)));
        assertThat(help.exit()).as(help.err()).isZero();
        assertThat(help.out()).isEqualTo(CliRun.of(args(path, "--help")).out());
    }

    @ParameterizedTest(name = "sluice {0}")
    @MethodSource("commands")
    void everyOptionAndParameterHasADescription(List<String> path) {
        assertDescribed(find(path));
    }

    @ParameterizedTest(name = "sluice {0} --bogus")
    @MethodSource("commands")
    void theHelpAUsageErrorPointsToExists(List<String> path) {
        CliRun run = CliRun.of(args(path, "--bogus"));
        assertThat(run.exit()).isEqualTo(2);
        Matcher see = SEE.matcher(run.err());
        assertThat(see.find()).as(run.err()).isTrue();
        List<String> pointed = new ArrayList<>(Arrays.asList(see.group(1).split(" ")));
        pointed.removeFirst();
        CliRun help = CliRun.of(args(pointed, "--help"));
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("Usage: " + see.group(1));
    }

    /** The bench suite keeps picocli (a test dependency): its command is checked by picocli's model. */
    @org.junit.jupiter.api.Test
    void theBenchSuiteDescribesEveryOption() {
        assertDescribed(new picocli.CommandLine(new BenchCommand()));
    }

    @org.junit.jupiter.api.Test
    void helpOfAnUnknownCommandNamesTheKnownOnes() {
        CliRun run = CliRun.of("help", "log", "bogus");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("unknown command 'bogus'", "sluice log has append, dump");
    }

    private static void assertDescribed(CommandSpec command) {
        assertThat(String.join(" ", command.description()).strip()).as("%s has a description", command).isNotEmpty();
        for (OptionSpec<?> option : command.options()) {
            assertThat(option.description()).as("%s %s has a description", command, option.name()).isNotBlank();
            if (!option.isFlag()) {
                assertThat(option.paramLabel()).as("%s %s has a label", command, option.name()).isNotBlank();
            }
        }
        for (ParamSpec<?> param : command.params()) {
            assertThat(param.description()).as("%s %s has a description", command, param.label()).isNotBlank();
        }
    }

    private static void assertDescribed(picocli.CommandLine command) {
        List<picocli.CommandLine.Model.ArgSpec> args = new ArrayList<>(command.getCommandSpec().options());
        args.addAll(command.getCommandSpec().positionalParameters());
        for (picocli.CommandLine.Model.ArgSpec arg : args) {
            String name = arg instanceof picocli.CommandLine.Model.OptionSpec o ? o.longestName() : arg.paramLabel();
            assertThat(String.join(" ", arg.description()).strip())
                    .as("%s %s has a description", command.getCommandSpec().qualifiedName(), name).isNotEmpty();
        }
        command.getSubcommands().values().forEach(CliHelpTest::assertDescribed);
    }

    private static String[] args(List<String> path, String... more) {
        List<String> all = new ArrayList<>(path);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
