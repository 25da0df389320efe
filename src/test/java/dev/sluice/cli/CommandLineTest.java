package dev.sluice.cli;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTest {
    @Test
    void helpListsTheSubcommands() {
        CliRun run = CliRun.of("--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("features");
        assertThat(run.out()).contains("./sluice bench: JMH benchmarks against plain NIO");
    }

    @Test
    void usageErrorsAreOneLineAndExitTwo() {
        for (String[] args : new String[][] {{"nope"}, {}, {"features", "--bogus"}}) {
            CliRun run = CliRun.of(args);
            assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err().strip().lines()).hasSize(1);
            assertThat(run.err()).startsWith("sluice: ");
        }
    }

    /** Building every subcommand's model is most of a command's start-up: a command builds its own only. */
    @Test
    void aCommandLineBuildsOnlyTheSubcommandItNames() {
        assertThat(Main.commandLine(new String[] {"cache", "stat", "x"}).getSubcommands()).containsOnlyKeys("cache");
        assertThat(Main.commandLine(new String[] {"--version"}).getSubcommands()).isEmpty();
        assertThat(Main.commandLine(new String[] {"help", "cache"}).getSubcommands())
                .containsOnlyKeys("cache", "log", "features", "help");
        assertThat(Main.commandLine(new String[] {"nope"}).getSubcommands()).hasSize(4);
        CliRun help = CliRun.of("help", "cache");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: sluice cache");
    }
}
