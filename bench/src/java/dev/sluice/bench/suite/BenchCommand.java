package dev.sluice.bench.suite;

import dev.sluice.bench.LimitProgram;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@code ./sluice bench}: runs the benchmark suite and writes its report, summary, charts and raw JMH output. */
@Command(name = "sluice bench", mixinStandardHelpOptions = true, version = "sluice bench 0.1.0", sortOptions = false,
        description = {"Runs the JMH benchmark suite: sluice against plain NIO, the peers (Chronicle Queue, Kafka's log) "
                + "and the limit (a C program making the same system calls, built with gcc), scenario by scenario.",
                "Variants are paired: each round runs every variant of a scenario back to back, and a variant's "
                        + "ratio to NIO, to the best peer and to its limit is the median of its per-round ratios. "
                        + "The disk is measured first and an estimate of the run's duration printed."},
        footer = {"", "Writes DIR/report.md, DIR/summary.json, DIR/charts/<scenario>.png and JMH's own output in DIR/jmh/.",
                "Exit status: 0 when every run ran (targets may still be missed: the report says), 1 if any failed, "
                        + "2 for a usage error."})
public final class BenchCommand implements Callable<Integer> {
    static final String NAME = "sluice bench";
    /** Set by ./sluice: the source tree, under which results go by default. */
    static final String ROOT_PROPERTY = "sluice.root";
    /** How much the disk figures at the start write and read back, and how many fdatasyncs they time. */
    private static final Map<Profile, Long> DISK_BYTES = Map.of(Profile.SMOKE, 16L << 20, Profile.QUICK, 256L << 20,
            Profile.FULL, 1L << 30);
    private static final Map<Profile, Integer> DISK_SYNCS = Map.of(Profile.SMOKE, 5, Profile.QUICK, 50, Profile.FULL, 200);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true)
    ProfileChoice profileChoice;

    static final class ProfileChoice {
        @Option(names = "--quick", description = "Every scenario in under 10 minutes on a disk that writes 300 MB/s "
                + "(the default).")
        boolean quick;

        @Option(names = "--full", description = "For serious runs: full sizes, more rounds and iterations.")
        boolean full;

        @Option(names = "--smoke", description = "One tiny configuration, for CI; figures mean nothing.")
        boolean smoke;

        Profile profile() {
            return full ? Profile.FULL : smoke ? Profile.SMOKE : Profile.QUICK;
        }
    }

    @Option(names = "--only", split = ",", paramLabel = "NAME", description = "Only these scenarios, e.g. --only a,b (see --list).")
    List<String> only = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where the results go; must not exist or be empty (default: bench/results/<yyyyMMdd-HHmmss>/ "
                    + "in the source tree).")
    Path out;

    @Option(names = "--list", description = "List the scenarios and exit.")
    boolean list;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: usage errors exit 2, failures 1, each with a one-line message. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(NAME + ": " + oneLine(e));
            return 1;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println(NAME + ": " + oneLine(e).replaceFirst("^Error: ", "")
                    + " (see '" + NAME + " --help')");
            return CommandLine.ExitCode.USAGE;
        });
        return cli;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        if (list) {
            for (Scenario scenario : Scenarios.all()) {
                stdout.printf("%-18s %s%n", scenario.name(), scenario.title());
            }
            stdout.flush();
            return 0;
        }
        List<Scenario> scenarios = selected();
        ResultsDirectory directory = new ResultsDirectory(out != null ? out : defaultOut());
        refuseNonEmpty(directory.root());
        Profile profile = profileChoice == null ? Profile.QUICK : profileChoice.profile();

        System.setProperty("java.awt.headless", "true"); // before XChart loads AWT
        Files.createDirectories(directory.root());
        ZonedDateTime started = ZonedDateTime.now();
        long start = System.nanoTime();
        PrintWriter stderr = spec.commandLine().getErr();
        Progress progress = new Progress(stderr, System::nanoTime);
        LimitProgram.binary(); // gcc now: a missing compiler fails the run here, not every limit variant
        List<ScenarioOutcome> outcomes;
        DiskFigures disk;
        // on Ctrl-C too: a durable-append scenario can leave GiBs of files behind
        Thread cleanup = new Thread(() -> deleteQuietly(directory.data()), "sluice bench: delete DIR/data");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            // first, so that the report says how fast this disk was at this hour
            disk = DiskFigures.measure(directory.data(), DISK_BYTES.get(profile), DISK_SYNCS.get(profile));
            progress.note("disk: " + disk.describe());
            progress.note("estimated duration: about " + Progress.format(RunEstimate.of(scenarios, profile,
                    disk.writeMBps(), disk.readMBps())) + " for " + scenarios.size() + " scenario(s) ("
                    + profile.name().toLowerCase() + " profile)");
            outcomes = new SuiteRunner(profile, directory, progress).run(scenarios);
        } finally {
            Runtime.getRuntime().removeShutdownHook(cleanup);
            deleteTree(directory.data());
        }
        RunInfo run = new RunInfo(started, profile, commandText(), Duration.ofNanos(System.nanoTime() - start),
                Machine.probe(directory.root(), disk));
        List<String> unwritten = SuiteFiles.write(directory, run, outcomes);
        return Conclusion.print(directory, outcomes, unwritten, stdout, stderr);
    }

    private List<Scenario> selected() {
        List<Scenario> all = Scenarios.all();
        List<String> names = all.stream().map(Scenario::name).toList();
        List<String> unknown = only.stream().filter(name -> !names.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "unknown scenario(s) " + String.join(", ", unknown)
                    + "; the scenarios are " + String.join(", ", names));
        }
        return only.isEmpty() ? all : all.stream().filter(s -> only.contains(s.name())).toList();
    }

    private void refuseNonEmpty(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "--out " + dir + " exists and is not a directory");
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new ParameterException(spec.commandLine(), "--out " + dir
                            + " exists and is not empty; results never mix runs, so name a new directory");
                }
            }
        }
    }

    private static Path defaultOut() {
        Path root = Path.of(System.getProperty(ROOT_PROPERTY, ""));
        return root.resolve("bench").resolve("results")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    private String commandText() {
        return "./sluice bench" + spec.commandLine().getParseResult().originalArgs().stream()
                .map(arg -> " " + (arg.matches("[\\w./,=:@+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'"))
                .collect(Collectors.joining());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException | UncheckedIOException e) {
            // best effort while the JVM exits: a fork may still be writing there
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName()
                : message.strip().lines().findFirst().orElse(message);
    }
}
