package dev.sluice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The limit of the kernel: the C program {@code bench/src/c/sluice-limit.c}, compiled with gcc into
 * {@code target/sluice-limit} of the source tree ({@code -Dsluice.root}, else the working directory)
 * when it is missing or older than its source, and run as a child process. It prints
 * {@code key=value} lines; a failure (exit status other than 0) becomes an IOException with its
 * error line.
 */
public final class LimitProgram {
    /** The source, relative to the source tree. */
    public static final String SOURCE = "bench/src/c/sluice-limit.c";
    /** The compiled program, relative to the source tree. */
    public static final String BINARY = "target/sluice-limit";
    private static final long TIMEOUT_MINUTES = 10;

    private LimitProgram() {
    }

    /** The source tree: {@code -Dsluice.root}, which the suite passes to its forks, or the working directory. */
    static Path root() {
        return Path.of(System.getProperty("sluice.root", "")).toAbsolutePath();
    }

    /** The program, compiled first if it is missing or older than its source. */
    public static synchronized Path binary() throws IOException {
        Path source = root().resolve(SOURCE);
        Path binary = root().resolve(BINARY);
        if (Files.isExecutable(binary)
                && !Files.getLastModifiedTime(binary).toInstant().isBefore(Files.getLastModifiedTime(source).toInstant())) {
            return binary;
        }
        Files.createDirectories(binary.getParent());
        // compiled beside it and moved into place, so a fork never runs a half-written program
        Path partial = Files.createTempFile(binary.getParent(), "sluice-limit", ".partial");
        try {
            run(List.of("gcc", "-O2", "-Wall", "-pthread", "-o", partial.toString(), source.toString()), "gcc");
            Files.move(partial, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return binary;
    }

    /**
     * Starts the program with these arguments and waits until its set-up is done; it measures nothing
     * until {@link Ready#go()}, so the process start stays out of a benchmark's timing.
     */
    public static Ready ready(List<String> args) throws IOException {
        List<String> withReady = new ArrayList<>(args);
        withReady.add("--ready");
        Process process = start(withReady);
        try {
            String first = readLine(process.getInputStream());
            if (!first.equals("ready")) {
                throw new IOException(whyFailed(process, first));
            }
            return new Ready(process);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** A started program waiting for its go. */
    public static final class Ready implements AutoCloseable {
        private final Process process;

        private Ready(Process process) {
            this.process = process;
        }

        /** Lets it run, waits for it and returns its figures. */
        public Map<String, String> go() throws IOException {
            try (var stdin = process.getOutputStream()) {
                stdin.write('\n');
            }
            return finish(process);
        }

        /** Ends it if it never got its go. */
        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** One line of the program's output, read a byte at a time so that nothing after it is consumed. */
    private static String readLine(java.io.InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
            line.append((char) b);
        }
        return line.toString();
    }

    private static String whyFailed(Process process, String output) throws IOException {
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return !err.isEmpty() ? err : "sluice-limit did not get ready (it printed '" + output + "')";
    }

    /** Starts the program with these arguments (a mode and its operands); see {@link #finish}. */
    public static Process start(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(false).start();
    }

    /** Waits for a started program and returns its figures. */
    public static Map<String, String> finish(Process process) throws IOException {
        try {
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("sluice-limit took over " + TIMEOUT_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                String why = new String(err, StandardCharsets.UTF_8).strip();
                throw new IOException(why.isEmpty() ? "sluice-limit exited with status " + process.exitValue() : why);
            }
            return parse(new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for sluice-limit", e);
        }
    }

    /** Runs the program to its end and returns its figures. */
    public static Map<String, String> run(List<String> args) throws IOException {
        return finish(start(args));
    }

    /** A figure the program printed, as a number; an IOException names a missing one. */
    public static double figure(Map<String, String> figures, String key) throws IOException {
        String value = figures.get(key);
        if (value == null) {
            throw new IOException("sluice-limit printed no " + key + " (it printed " + figures.keySet() + ")");
        }
        return Double.parseDouble(value);
    }

    /** Its {@code key=value} lines, in order; other lines are ignored. */
    static Map<String, String> parse(String stdout) {
        Map<String, String> figures = new LinkedHashMap<>();
        for (String line : stdout.lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                figures.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return figures;
    }

    private static void run(List<String> command, String name) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(name + " failed to build " + SOURCE + ": " + output);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + name, e);
        }
    }
}
