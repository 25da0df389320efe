package dev.sluice.cli;

import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Every subcommand, given missing, malformed and out-of-range arguments, answers with exactly one
 * line on stderr, starting "sluice: ", no stack trace, and exit 2 (a usage error), without touching
 * anything. {@code LOG} stands for an existing log, {@code FILE} for a regular file, {@code NEW}
 * for a path that does not exist.
 */
class CliHostileInputTest {
    @TempDir
    Path root;
    Path log;
    Path file;
    Path fresh;

    @BeforeEach
    void setUp() throws IOException {
        log = root.resolve("log");
        try (Log l = Log.open(log, LogConfig.defaults())) {
            for (int i = 0; i < 10; i++) {
                l.append(("record " + i).getBytes(StandardCharsets.UTF_8));
            }
        }
        file = Files.write(root.resolve("file"), new byte[8192]);
        fresh = root.resolve("new");
    }

    static Stream<String> usageErrors() {
        List<String> cases = new ArrayList<>(List.of(
                // top level
                "", "bogus", "--bogus", "help bogus",
                // cache
                "cache", "cache bogus", "cache stat", "cache stat --bogus FILE", "cache stat --json=maybe FILE",
                "cache warm", "cache warm --bogus FILE", "cache evict", "cache evict --json FILE", "cache lock",
                "cache lock --bogus FILE", "cache stat NUL",
                // features
                "features extra", "features --bogus",
                // log
                "log", "log bogus",
                "log append", "log append --dir", "log append --dir NEW --bogus", "log append --dir NEW extra"));
        for (String sub : List.of("append", "gen")) {
            String base = "log " + sub + " --dir NEW" + (sub.equals("gen") ? " --bytes 1k --record-size 100" : "");
            for (String bad : List.of("--io bogus", "--io", "--io PWRITE", "--write-behind bounded:0", "--write-behind 0",
                    "--write-behind bounded:", "--write-behind -1", "--write-behind 1x", "--durability ms:0",
                    "--durability ms:-5", "--durability ms:", "--durability ms:99999999999999999999",
                    "--durability bytes:0", "--durability bytes:1x", "--durability sometimes", "--cache maybe",
                    "--segment-size 1x", "--segment-size -1", "--segment-size 0", "--segment-size 99999999999999999999",
                    "--segment-size 99999999999t", "--segment-size 1k", "--io mmap --cache uncached",
                    "--io direct --cache drop-behind", "--io direct --cache uncached", "--io direct --write-behind 1m",
                    "--io direct --write-behind bounded:1m", "--max-batch 0", "--max-batch 1",
                    "--max-batch 3g", "--max-batch 1x", "--segment-size 1m --max-batch 2m", "--max-batch",
                    "--coalesce 64k", "--coalesce 64k,0ms", "--coalesce 64k,1s", "--coalesce 1g,1ms", "--coalesce",
                    "--coalesce 64k,1ms", "--coalesce 64k,1ms --durability none --io mmap")) {
                cases.add(base + " " + bad);
            }
        }
        cases.addAll(List.of(
                "log gen", "log gen --dir NEW", "log gen --dir NEW --bytes 1k", "log gen --dir NEW --record-size 1",
                "log gen --dir NEW --bytes -1 --record-size 100", "log gen --dir NEW --bytes 1x --record-size 100",
                "log gen --dir NEW --bytes 99999999999999999999 --record-size 100",
                "log gen --dir NEW --bytes 1k --record-size 0", "log gen --dir NEW --bytes 1k --record-size -1",
                "log gen --dir NEW --bytes 1k --record-size 1x", "log gen --dir NEW --bytes 1k --record-size 100 --batch 0",
                "log gen --dir NEW --bytes 1k --record-size 100 --batch -3",
                "log gen --dir NEW --bytes 1k --record-size 100 --batch x",
                "log gen --dir NEW --bytes 1k --record-size 100 --batch 99999999999",
                "log gen --dir NEW --bytes 1m --record-size 2m --max-batch 1m",
                "log gen --dir NEW --bytes 1m --record-size 1m --max-batch 1m",
                "log gen --dir NEW --bytes 1m --record-size 1k --batch 100000 --max-batch 1m",
                "log gen --dir NEW --bytes 1m --record-size 3g",
                "log gen --dir NEW --bytes 1m --record-size 300m",
                "log gen --dir NEW --bytes 1m --record-size 100 --max-batch 64k --batch 1000"));
        for (String sub : List.of("dump", "verify", "stat", "serve --port 0")) {
            String base = "log " + sub;
            cases.addAll(List.of(base, base + " --dir", base + " --dir LOG --bogus", base + " --dir LOG extra",
                    base + " --dir LOG --max-batch 1x", base + " --dir LOG --max-batch 0",
                    base + " --dir LOG --max-batch -1", base + " --dir LOG --max-batch 99999999999999999999",
                    base + " --dir LOG --max-batch 3g"));
        }
        cases.addAll(List.of(
                "log dump --dir LOG --from -5", "log dump --dir LOG --from x", "log dump --dir LOG --from",
                "log dump --dir LOG --from 99999999999999999999", "log dump --dir LOG --json=yes",
                "log serve --dir LOG", "log serve --dir LOG --port -1", "log serve --dir LOG --port 70000",
                "log serve --dir LOG --port 65536", "log serve --dir LOG --port x", "log serve --dir LOG --port",
                "log serve --dir LOG --port 99999999999", "log serve --dir LOG --port 0 --from -5",
                "log serve --dir LOG --port 0 --from x", "log serve --dir LOG --port 0 --path bogus",
                "log serve --dir LOG --port 0 --follow=sometimes"));
        return cases.stream();
    }

    @ParameterizedTest(name = "sluice {0}")
    @MethodSource("usageErrors")
    void isAOneLineUsageError(String args) throws IOException {
        List<String> argv = new ArrayList<>();
        for (String a : args.isEmpty() ? new String[0] : args.split(" ")) {
            argv.add(switch (a) {
                case "LOG" -> log.toString();
                case "FILE" -> file.toString();
                case "NEW" -> fresh.toString();
                case "NUL" -> "a\0b";
                default -> a;
            });
        }
        byte[] logBefore = snapshot(log);
        Run run = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(argv.toArray(String[]::new)),
                "sluice " + args + " must not block");
        assertThat(run.exit()).as("sluice %s\nstderr: %s\nstdout: %s", args, run.err(), run.out()).isEqualTo(2);
        assertThat(run.err()).as("sluice %s", args).startsWith("sluice: ").doesNotContain("\tat ");
        assertThat(run.err().strip().lines()).as("sluice %s: one line: %s", args, run.err()).hasSize(1);
        assertThat(fresh).as("sluice %s creates nothing", args).doesNotExist();
        assertThat(snapshot(log)).as("sluice %s changes nothing in the log", args).isEqualTo(logBefore);
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        InputStream previous = System.in;
        System.setIn(new ByteArrayInputStream("line\n".getBytes(StandardCharsets.UTF_8)));
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err));
            return new Run(exit, out.toString(), err.toString());
        } finally {
            System.setIn(previous);
        }
    }

    private static byte[] snapshot(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.sorted().toList()) {
                all.append(p.getFileName()).append(':').append(Arrays.hashCode(Files.readAllBytes(p))).append('\n');
            }
        }
        return all.toString().getBytes(StandardCharsets.UTF_8);
    }
}
