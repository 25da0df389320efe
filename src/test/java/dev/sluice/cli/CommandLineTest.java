package dev.sluice.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    /** A command line builds the commands it goes through, and no other. */
    @Test
    void aCommandLineBuildsOnlyTheSubcommandItNames() {
        CommandSpec top = Main.commands();
        ArgParser.parse(top, "cache", "stat", "x");
        assertThat(top.builtSubcommandNames()).containsExactly("cache");
        assertThat(top.subcommand("cache").builtSubcommandNames()).containsExactly("stat");
        CommandSpec version = Main.commands();
        ArgParser.parse(version, "--version");
        assertThat(version.builtSubcommandNames()).isEmpty();
        CliRun help = CliRun.of("help", "cache");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("Usage: sluice cache [-h] [COMMAND]\n");
    }

    /**
     * {@code cache stat} in a JVM of its own, with picocli on the class path (the bench suite's test
     * dependency): it loads no class of picocli, and none of the log's commands.
     */
    @Test
    void cacheStatLoadsNeitherPicocliNorTheLogCommands(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("f"), new byte[4096]);
        assertThat(System.getProperty("java.class.path")).contains("picocli");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
        command.addAll(List.of(System.getProperty("sluice.test.jvm.args", "--enable-native-access=ALL-UNNAMED").split(" ")));
        command.addAll(List.of("-Xlog:class+load=info:file=" + dir.resolve("classes.txt"), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "cache", "stat", file.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).contains(file.toString());
        List<String> loaded = Files.readAllLines(dir.resolve("classes.txt"));
        assertThat(loaded).as("class loading is logged").anyMatch(line -> line.contains("dev.sluice.cli.CacheCommand$Stat "));
        assertThat(loaded).noneMatch(line -> line.contains(" picocli."))
                .noneMatch(line -> line.contains("dev.sluice.cli.LogCommand"))
                .noneMatch(line -> line.contains("dev.sluice.cli.LogPolicyOptions"))
                .noneMatch(line -> line.contains("dev.sluice.cli.LogServeCommand"));
    }
}
