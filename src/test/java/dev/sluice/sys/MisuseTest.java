package dev.sluice.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Misuse of the public API never crashes the JVM: it throws a Java exception (or, for double
 * closes and races with close, nothing). Each {@link MisuseCases.Case} runs in a child JVM, so a
 * SIGSEGV or SIGBUS fails its case instead of killing the test run.
 */
class MisuseTest {
    private static final long TIMEOUT_SECONDS = 60;
    private static final Pattern THREW = Pattern.compile("THREW (\\S+): (.*)");

    @ParameterizedTest(name = "{0}")
    @EnumSource(MisuseCases.Case.class)
    void misuseThrowsAndNeverCrashes(MisuseCases.Case c, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        Process child = new ProcessBuilder(command(c, dir))
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail(c + ": child did not finish within " + TIMEOUT_SECONDS + " s" + report(out, err));
        }
        int exit = child.exitValue();

        List<Path> crashLogs;
        try (Stream<Path> files = Files.list(dir)) {
            crashLogs = files.filter(p -> p.getFileName().toString().matches("hs_err.*\\.log")).toList();
        }
        if (!crashLogs.isEmpty()) {
            fail(c + ": the JVM crashed (exit " + exit + "), " + crashLogs.get(0) + ":\n"
                    + head(crashLogs.get(0), 12) + report(out, err));
        }
        List<String> lines = Files.readAllLines(out).stream().filter(l -> !l.isBlank()).toList();
        assertEquals(0, exit, () -> c + ": child exit code " + exit
                + " (3: no exception, 4: unexpected outcome)" + report(out, err));
        assertEquals(1, lines.size(), () -> c + ": expected one line of output" + report(out, err));
        String line = lines.get(0);

        if (!c.expectsException()) {
            assertEquals(MisuseCases.OK, line, () -> c + report(out, err));
            return;
        }
        Matcher m = THREW.matcher(line);
        if (!m.matches()) {
            assertTrue(c.expected.contains(MisuseCases.OK) && line.equals(MisuseCases.OK),
                    () -> c + ": unexpected output" + report(out, err));
            return;
        }
        String className = m.group(1);
        String message = m.group(2);
        assertTrue(c.expected.contains(className),
                () -> c + ": threw " + className + ", expected one of " + c.expected + report(out, err));
        Class<?> thrown = Class.forName(className);
        assertTrue(Throwable.class.isAssignableFrom(thrown), className);
        if (thrown == NativeError.ClosedDescriptor.class) {
            assertTrue(ClosedChannelException.class.isAssignableFrom(thrown), className);
        }
        assertFalse(message.isBlank() || message.equals("null"), () -> c + ": empty message: " + line);
        assertTrue(message.length() < 1000, () -> c + ": message too long: " + line);
        assertTrue(message.contains(c.messageFragment),
                () -> c + ": message lacks '" + c.messageFragment + "': " + line);
    }

    private static List<String> command(MisuseCases.Case c, Path dir) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        for (String arg : System.getProperty("sluice.test.jvm.args", "").split(" ")) {
            if (!arg.isBlank()) {
                command.add(arg);
            }
        }
        command.add("-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"));
        command.add("-XX:-CreateCoredumpOnCrash");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MisuseCases.class.getName());
        command.add(c.name());
        return command;
    }

    private static String report(Path out, Path err) {
        return "\n--- child stdout ---\n" + head(out, 40) + "\n--- child stderr ---\n" + head(err, 40);
    }

    /** The first lines of a file, read leniently: hs_err files and crash output are not always UTF-8. */
    private static String head(Path file, int lines) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return String.join("\n", text.lines().limit(lines).toList());
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
