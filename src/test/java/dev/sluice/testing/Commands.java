package dev.sluice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs administration commands (losetup, mkfs, mount) and fails with what they printed. */
final class Commands {
    private static final long TIMEOUT_SECONDS = 120;

    private Commands() {
    }

    /** Runs {@code command}; its stdout, trimmed, or an IOException with its exit status and output. */
    static String run(String... command) throws IOException {
        Path out = Files.createTempFile("sluice-cmd", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean done;
            try {
                done = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException(String.join(" ", command) + ": interrupted");
            }
            if (!done) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String output = Files.readString(out).trim();
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + ": exit " + process.exitValue() + ": " + output);
            }
            return output;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Whether {@code program} is an executable in /usr/sbin, /sbin, /usr/bin or /bin. */
    static boolean installed(String program) {
        return List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin").stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
