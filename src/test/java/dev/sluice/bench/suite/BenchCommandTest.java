package dev.sluice.bench.suite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sluice bench} usage errors: each is one line and exit 2, and none gets as far as running JMH. */
class BenchCommandTest {
    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BenchCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static void assertUsageError(Run run, String... fragments) {
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).startsWith("sluice bench: ").contains(fragments).endsWith("(see 'sluice bench --help')\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnknownScenarioIsAUsageErrorListingTheValidOnes(@TempDir Path dir) {
        Run run = run("--only", "syscall-overhead,no-such-scenario", "--out", dir.resolve("out").toString());
        assertUsageError(run, "no-such-scenario");
        for (Scenario scenario : Scenarios.all()) {
            assertThat(run.err()).contains(scenario.name());
        }
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void profilesAreMutuallyExclusive() {
        assertUsageError(run("--quick", "--full"), "--quick", "--full", "mutually exclusive");
        assertUsageError(run("--smoke", "--quick"), "mutually exclusive");
    }

    @Test
    void aNonEmptyOutputDirectoryIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("report.md"), "an earlier run");
        assertUsageError(run("--smoke", "--out", dir.toString()), dir.toString(), "not empty");
        assertThat(dir.resolve("jmh")).doesNotExist();
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertUsageError(run("--smoke", "--out", file.toString()), "not a directory");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertUsageError(run("--fast"), "--fast");
    }

    @Test
    void listNamesEveryScenarioWithItsTitle() {
        Run run = run("--list");
        assertThat(run.exit()).isZero();
        assertThat(run.out().lines()).hasSize(Scenarios.all().size());
        for (Scenario scenario : Scenarios.all()) {
            assertThat(run.out()).contains(scenario.name()).contains(scenario.title());
        }
    }

    @Test
    void helpDocumentsTheProfilesAndOutputs() {
        Run run = run("--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("--quick", "--full", "--smoke", "--only", "--out", "--list", "report.md", "summary.json")
                .containsIgnoringCase("one tiny configuration, for CI; figures mean nothing");
    }
}
