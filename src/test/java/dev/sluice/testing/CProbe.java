package dev.sluice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Compiles a C program with gcc and runs it: each line it prints, "NAME VALUE", becomes an entry.
 * For checking hand-written kernel ABI values against the system headers.
 */
public final class CProbe {
    private CProbe() {
    }

    /** The printf line that makes the probe print {@code key} and the value of {@code expression}. */
    public static String printf(String key, String expression) {
        return "    printf(\"%s %lld\\n\", \"" + key + "\", (long long) (" + expression + "));\n";
    }

    /**
     * The value of each C expression, by the expression, from a probe that includes {@code headers}
     * (with _GNU_SOURCE).
     */
    public static Map<String, Long> values(Path dir, List<String> headers, Collection<String> expressions)
            throws IOException, InterruptedException {
        StringBuilder probe = new StringBuilder("#define _GNU_SOURCE\n#include <stdio.h>\n");
        headers.forEach(h -> probe.append("#include <").append(h).append(">\n"));
        probe.append("\nint main(void) {\n");
        expressions.forEach(expression -> probe.append(printf(expression, expression)));
        probe.append("    return 0;\n}\n");
        return run(dir, probe.toString());
    }

    /** Compiles {@code source} in {@code dir} with -Wall -Werror, runs it, and parses its output. */
    public static Map<String, Long> run(Path dir, String source) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("probe.c"), source);
        run(dir, List.of("gcc", "-std=gnu11", "-Wall", "-Werror", "-o", "probe", "probe.c"), "probe.c does not compile");
        String out = run(dir, List.of(dir.resolve("probe").toString()), "the probe failed");
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            int space = line.lastIndexOf(' ');
            values.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
        }
        return values;
    }

    private static String run(Path dir, List<String> command, String failure) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        // Output to a file, not a pipe, so a chatty child cannot block while we wait for it.
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 30 s");
        }
        String output = Files.readString(out);
        if (process.exitValue() != 0) {
            throw new AssertionError(failure + " (exit " + process.exitValue() + "):\n" + output);
        }
        return output;
    }
}
