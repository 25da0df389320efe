package dev.sluice.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command-line parser on a made-up command tree: what it accepts, and each error it gives. */
class ArgParserTest {
    private static final OptionSpec<Boolean> VERBOSE = OptionSpec.flag("--verbose", "Say more.");
    private static final OptionSpec<Integer> COUNT = OptionSpec.value("--count", "N", Converter::toInt, "How many.")
            .defaultValue(3);
    private static final OptionSpec<Path> DIR = OptionSpec.value("--dir", "DIR", Converter::toPath, "Where.").required();
    private static final OptionSpec<Long> FROM = OptionSpec.value("--from", "N", Converter::toLong, "First.");
    private static final OptionSpec<String> NAME = OptionSpec.value("--name", "NAME", Converter::asIs, "Who.")
            .required();
    private static final ParamSpec<String> TARGET = ParamSpec.one("TARGET", false, Converter::asIs, "The target.");
    private static final ParamSpec<Path> PATHS = ParamSpec.many("PATH", 1, Converter::toPath, "Files.");
    private static final ParamSpec<String> REST = ParamSpec.one("REST", true, Converter::asIs, "Optional.");

    /** Which subcommands' definitions ran, in order. */
    private final List<String> defined = new ArrayList<>();

    private CommandSpec tree() {
        return CommandSpec.top("tool", "tool 1.0", "A tool.")
                .subcommand("files", "Work on files.", c -> {
                    defined.add("files");
                    c.option(VERBOSE).option(COUNT).option(FROM).param(PATHS).action(call -> 0);
                })
                .subcommand("group", "A group.", c -> {
                    defined.add("group");
                    c.subcommand("deep", "Deep down.", d -> {
                        defined.add("deep");
                        d.option(DIR).option(NAME).param(TARGET).param(REST).action(call -> 0);
                    });
                });
    }

    private ArgParser.Parsed parse(String... args) {
        return ArgParser.parse(tree(), args);
    }

    private UsageError error(String... args) {
        try {
            ArgParser.parse(tree(), args);
        } catch (UsageError e) {
            return e;
        }
        throw new AssertionError("no usage error for " + List.of(args));
    }

    @Test
    void anOptionTakesItsValueAsTheNextArgumentOrAfterAnEqualsSign() {
        ArgParser.Parsed spaced = parse("files", "--count", "7", "--from", "-5", "a");
        ArgParser.Parsed joined = parse("files", "--count=7", "--from=-5", "a");
        for (ArgParser.Parsed parsed : List.of(spaced, joined)) {
            assertThat(parsed.command().qualifiedName()).isEqualTo("tool files");
            assertThat(parsed.args().get(COUNT)).isEqualTo(7);
            assertThat(parsed.args().get(FROM)).isEqualTo(-5L);
            assertThat(parsed.args().get(PATHS)).containsExactly(Path.of("a"));
        }
        assertThat(error("files", "--count=", "a")).hasMessage("Invalid value for option '--count': '' is not an int");
    }

    @Test
    void anOptionNotGivenHasItsDefaultAndIsNotSet() {
        ArgParser.Parsed parsed = parse("files", "a");
        assertThat(parsed.args().get(COUNT)).isEqualTo(3);
        assertThat(parsed.args().isSet(COUNT)).isFalse();
        assertThat(parsed.args().get(FROM)).isNull();
        assertThat(parsed.args().get(VERBOSE)).isFalse();
    }

    @Test
    void aFlagTakesNoValueButMaySayTrueOrFalse() {
        assertThat(parse("files", "--verbose", "a").args().get(VERBOSE)).isTrue();
        assertThat(parse("files", "--verbose=false", "a").args().get(VERBOSE)).isFalse();
        assertThat(parse("files", "--verbose=TRUE", "a").args().get(VERBOSE)).isTrue();
        // the argument after a flag is a positional, not its value
        assertThat(parse("files", "--verbose", "false").args().get(PATHS)).containsExactly(Path.of("false"));
        assertThat(error("files", "--verbose=maybe", "a"))
                .hasMessage("Invalid value for option '--verbose': 'maybe' is not a boolean");
    }

    @Test
    void optionsAndParametersMixInAnyOrderUntilDoubleDash() {
        ArgParser.Parsed parsed = parse("files", "a", "--verbose", "b", "--", "--count", "-x");
        assertThat(parsed.args().get(VERBOSE)).isTrue();
        assertThat(parsed.args().isSet(COUNT)).isFalse();
        assertThat(parsed.args().get(PATHS)).containsExactly(Path.of("a"), Path.of("b"), Path.of("--count"), Path.of("-x"));
        assertThat(parse("files", "-").args().get(PATHS)).containsExactly(Path.of("-"));
    }

    @Test
    void valueErrorsNameTheOptionAndSayWhy() {
        assertThat(error("files", "--count", "x", "a")).hasMessage("Invalid value for option '--count': 'x' is not an int");
        assertThat(error("files", "--count", "99999999999", "a"))
                .hasMessage("Invalid value for option '--count': '99999999999' is not an int");
        assertThat(error("files", "--from", "1.5", "a")).hasMessage("Invalid value for option '--from': '1.5' is not a long");
        assertThat(error("files", "a\0b")).hasMessage("Invalid value for parameter 'PATH': not a path: 'a\\0b' "
                + "(Nul character not allowed)");
    }

    @Test
    void aMissingValueIsNamedWithItsLabel() {
        assertThat(error("files", "a", "--count")).hasMessage("Missing required parameter for option '--count' (N)");
        // the next argument is another option: not a value
        assertThat(error("files", "--count", "--verbose", "a"))
                .hasMessage("Missing required parameter for option '--count' (N)");
        assertThat(error("files", "--count", "--from=3", "a"))
                .hasMessage("Missing required parameter for option '--count' (N)");
    }

    @Test
    void unknownAndRepeatedOptionsAreRefused() {
        assertThat(error("files", "--bogus", "a")).hasMessage("Unknown option: '--bogus'");
        assertThat(error("files", "--bogus=1", "a")).hasMessage("Unknown option: '--bogus=1'");
        assertThat(error("files", "-x", "a")).hasMessage("Unknown option: '-x'");
        assertThat(error("files", "--counts", "1", "a")).hasMessage("Unknown option: '--counts'");
        assertThat(error("files", "--count", "1", "--count=2", "a"))
                .hasMessage("option '--count' (N) should be specified only once");
        assertThat(error("files", "--verbose", "--verbose", "a")).hasMessage("option '--verbose' should be specified only once");
    }

    @Test
    void positionalsFillEachParameterByItsArity() {
        ArgParser.Parsed one = parse("group", "deep", "--dir", "d", "--name", "n", "t");
        assertThat(one.args().get(TARGET)).containsExactly("t");
        assertThat(one.args().get(REST)).isEmpty();
        ArgParser.Parsed two = parse("group", "deep", "t", "--dir=d", "r", "--name", "n");
        assertThat(two.args().get(TARGET)).containsExactly("t");
        assertThat(two.args().get(REST)).containsExactly("r");
        assertThat(error("files")).hasMessage("Missing required parameter: 'PATH'");
        assertThat(error("files", "--verbose")).hasMessage("Missing required parameter: 'PATH'");
        assertThat(error("group", "deep", "--dir", "d", "--name", "n"))
                .hasMessage("Missing required parameter: 'TARGET'");
    }

    @Test
    void extraPositionalsAreUnmatchedAtTheirIndexInTheCommandLine() {
        assertThat(error("group", "deep", "--dir", "d", "--name", "n", "t", "r", "x"))
                .hasMessage("Unmatched argument at index 8: 'x'");
        assertThat(error("group", "deep", "t", "r", "x", "y", "--dir", "d", "--name", "n"))
                .hasMessage("Unmatched arguments from index 4: 'x', 'y'");
    }

    @Test
    void missingRequiredOptionsAreNamedInTheOrderDeclared() {
        assertThat(error("group", "deep", "t")).hasMessage("Missing required options: '--dir=DIR', '--name=NAME'");
        assertThat(error("group", "deep", "t", "--name", "n")).hasMessage("Missing required option: '--dir=DIR'");
    }

    @Test
    void subcommandsAreFoundByNameAndOnlyThoseOnThePathAreBuilt() {
        CommandSpec top = tree();
        ArgParser.Parsed parsed = ArgParser.parse(top, "group", "deep", "--dir", "d", "--name", "n", "t");
        assertThat(parsed.command().qualifiedName()).isEqualTo("tool group deep");
        assertThat(defined).containsExactly("group", "deep");
        assertThat(top.builtSubcommandNames()).containsExactly("group");
        assertThat(top.summaryOf("files")).isEqualTo("Work on files.");
        assertThat(defined).doesNotContain("files"); // its summary needs no definition
    }

    @Test
    void aGroupNeedsAKnownSubcommandAndTakesNoOtherOption() {
        UsageError none = error("group");
        assertThat(none).hasMessage("a subcommand is required");
        assertThat(none.command().qualifiedName()).isEqualTo("tool group");
        assertThat(error()).hasMessage("a subcommand is required");
        UsageError unknown = error("group", "shallow");
        assertThat(unknown).hasMessage("unknown command 'shallow': tool group has deep");
        assertThat(unknown.command().qualifiedName()).isEqualTo("tool group");
        assertThat(error("nope")).hasMessage("unknown command 'nope': tool has files, group");
        assertThat(error("--bogus")).hasMessage("Unknown option: '--bogus'");
        assertThat(error("group", "--verbose", "deep")).hasMessage("Unknown option: '--verbose'");
    }

    @Test
    void errorsNameTheCommandWhoseUsageTheyBreak() {
        assertThat(error("files", "--bogus", "a").command().qualifiedName()).isEqualTo("tool files");
        assertThat(error("group", "deep", "t").command().qualifiedName()).isEqualTo("tool group deep");
    }

    @Test
    void helpIsAskedAnywhereInACommandsArgumentsWhateverElseIsWrong() {
        for (String[] args : new String[][] {{"--help"}, {"-h"}, {"files", "-h"}, {"files", "--bogus", "--help"},
                {"files", "a", "--count", "x", "-h"}, {"group", "--help", "deep"}, {"group", "deep", "--help"}}) {
            ArgParser.Parsed parsed = parse(args);
            assertThat(parsed.helpAsked()).as(String.join(" ", args)).isTrue();
        }
        assertThat(parse("files", "--help").command().qualifiedName()).isEqualTo("tool files");
        assertThat(parse("group", "--help", "deep").command().qualifiedName()).isEqualTo("tool group");
        // after --, --help is a file name
        assertThat(parse("files", "--", "--help").args().get(PATHS)).containsExactly(Path.of("--help"));
        assertThat(parse("files", "--", "--help").helpAsked()).isFalse();
        assertThat(parse("files", "--help=yes", "a").helpAsked()).isTrue();
    }

    @Test
    void theVersionIsTheTopCommandsOnly() {
        assertThat(parse("--version").versionAsked()).isTrue();
        assertThat(parse("-V").versionAsked()).isTrue();
        assertThat(error("files", "-V", "a")).hasMessage("Unknown option: '-V'");
        assertThat(error("group", "--version")).hasMessage("Unknown option: '--version'");
    }

    private record Ran(int exit, String out, String err) {
    }

    private Ran run(CommandRunner.Prelude prelude, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandSpec top = CommandSpec.top("tool", "tool 1.0", "A tool.")
                .subcommand("ok", "Works.", c -> c.option(COUNT).action(call -> {
                    call.out().println("count " + call.get(COUNT));
                    return 0;
                }))
                .subcommand("fails", "Fails.", c -> c.action(call -> {
                    throw new IOException("disk on fire\nsecond line");
                }))
                .subcommand("refuses", "Refuses.", c -> c.action(call -> {
                    throw new UsageError("--count means nothing here");
                }));
        int exit = CommandRunner.run(top, args, new PrintWriter(out), new PrintWriter(err), prelude);
        return new Ran(exit, out.toString(), err.toString());
    }

    private Ran run(String... args) {
        return run(command -> { }, args);
    }

    @Test
    void theRunnerExitsZeroOneOrTwoWithOneLine() {
        assertThat(run("ok", "--count", "5")).isEqualTo(new Ran(0, "count 5\n", ""));
        assertThat(run("fails")).isEqualTo(new Ran(1, "", "sluice: disk on fire\n"));
        assertThat(run("refuses")).isEqualTo(new Ran(2, "", "sluice: --count means nothing here (see 'tool refuses --help')\n"));
        assertThat(run("ok", "--count")).isEqualTo(new Ran(2, "",
                "sluice: Missing required parameter for option '--count' (N) (see 'tool ok --help')\n"));
        assertThat(run("--version")).isEqualTo(new Ran(0, "tool 1.0\n", ""));
        Ran help = run("ok", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("Usage: tool ok [-h] [--count=N]\n");
    }

    @Test
    void thePreludeRunsBeforeAnActionButNotForHelpOrVersionOrUsageErrors() {
        List<String> ran = new ArrayList<>();
        CommandRunner.Prelude recording = command -> ran.add(command.qualifiedName());
        run(recording, "--version");
        run(recording, "ok", "--help");
        run(recording, "ok", "--bogus");
        assertThat(ran).isEmpty();
        run(recording, "ok");
        assertThat(ran).containsExactly("tool ok");
        Ran denied = run(command -> {
            throw new UnsupportedOperationException("no native access; pass --enable-native-access");
        }, "ok");
        assertThat(denied).isEqualTo(new Ran(1, "", "sluice: no native access; pass --enable-native-access\n"));
    }

    @Test
    void aCommandsDeclarationsAreChecked() {
        assertThatThrownBy(() -> OptionSpec.flag("-v", "Short only.")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandSpec.top("t", "1", "T.").option(VERBOSE).option(VERBOSE))
                .hasMessage("t has --verbose twice");
        assertThatThrownBy(() -> CommandSpec.top("t", "1", "T.").param(PATHS).subcommand("x", "X.", c -> { }))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ParamSpec.many("X", -1, Converter::asIs, "X.")).isInstanceOf(IllegalArgumentException.class);
    }
}
