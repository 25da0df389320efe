package dev.sluice.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sluice.outside.CarelessCaller;
import dev.sluice.testing.ChildJvm;
import dev.sluice.testing.MisuseChild;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Misuse of the public API never crashes the JVM: it throws a Java exception (or, for double
 * closes and races with close, nothing). Each case runs in a child JVM on the class path with native
 * access granted, as the README tells users to run, so a SIGSEGV or SIGBUS fails its case (an hs_err
 * file) instead of killing the test run:
 *
 * <ul>
 *   <li>{@link MisuseCases}: argument and lifetime misuse of each sys type, case by case;</li>
 *   <li>{@link CarelessCaller}: every public type tried from a package of its own, as an application
 *       would, which can reach nothing but the public API.</li>
 * </ul>
 *
 * And the raw entry points an application could once call (issue 10: {@code Native.system().munmap}
 * on any address, jextract's public {@code Linux.munmap}) no longer compile against the library's classes.
 */
class MisuseTest {
    private static final long TIMEOUT_SECONDS = 60;
    private static final Pattern THREW = Pattern.compile("THREW (\\S+): (.*)");

    @ParameterizedTest(name = "{0}")
    @EnumSource(MisuseCases.Case.class)
    void misuseThrowsAndNeverCrashes(MisuseCases.Case c, @TempDir Path dir) throws Exception {
        runChild(MisuseCases.class, c.name(), c.misuse, dir);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CarelessCaller.Case.class)
    void aCarelessCallerOnTheClassPathGetsAJavaException(CarelessCaller.Case c, @TempDir Path dir) throws Exception {
        runChild(CarelessCaller.class, c.name(), c.misuse(), dir);
    }

    /** What an application wrote against 0.1.0-SNAPSHOT to reach the kernel directly, each in one class. */
    @ParameterizedTest
    @ValueSource(strings = {
            // the program: munmap under a live segment, then a read, was a SIGSEGV
            "var s = java.lang.foreign.Arena.global().allocate(1 << 20, 4096);"
                    + " dev.sluice.sys.Native.system().munmap(s, 1 << 20);"
                    + " s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0);",
            "dev.sluice.sys.Native.install(null);",
            // jextract's public bindings, compiled as package-private classes of sys
            "dev.sluice.bindings.Linux.munmap(java.lang.foreign.MemorySegment.ofAddress(4096), 4096);",
            "dev.sluice.sys.Linux.munmap(java.lang.foreign.MemorySegment.ofAddress(4096), 4096);",
            "dev.sluice.sys.open_how.layout();",
            "dev.sluice.sys.Libc libc = null;",
            "dev.sluice.sys.Kernel.system().libc();",
            "new dev.sluice.sys.Kernel(null, \"mine\");",
            "dev.sluice.sys.FaultInjector.system();",
            "dev.sluice.sys.Fd.owned(dev.sluice.sys.Kernel.system(), 0);",
            "new dev.sluice.sys.NativeFile(null, \"x\");",
            "dev.sluice.sys.Syscall.MUNMAP.countArgument();"})
    void noRawEntryPointCompilesAgainstTheLibrary(String statement, @TempDir Path dir) throws Exception {
        Compiled compiled = compileAgainstTheLibrary(statement, dir);
        assertTrue(compiled.exit() != 0 && compiled.output().contains("error:"),
                () -> "compiled against the library's classes: " + statement + "\n" + compiled.output());
    }

    /** The control: the same compilation of public API code succeeds, so the test above can fail. */
    @Test
    void publicApiCodeCompilesAgainstTheLibrary(@TempDir Path dir) throws Exception {
        Compiled compiled = compileAgainstTheLibrary(
                "try (var f = dev.sluice.sys.NativeFile.open(java.nio.file.Path.of(\"x\"),"
                        + " java.util.EnumSet.of(dev.sluice.sys.OpenFlag.READ))) { f.size(); }"
                        + " dev.sluice.sys.Kernel k = dev.sluice.sys.Kernel.system();", dir);
        assertEquals(0, compiled.exit(), compiled::output);
    }

    private record Compiled(int exit, String output) {
    }

    /**
     * Compiles {@code statement} in a class of the unnamed package with this JDK's javac, on a class path
     * of only the library's own classes (not this test tree's, which holds the fault injector).
     */
    private static Compiled compileAgainstTheLibrary(String statement, Path dir)
            throws IOException, URISyntaxException, InterruptedException {
        Path source = dir.resolve("Careless.java");
        Files.writeString(source, "public class Careless { public static void main(String[] args) throws Exception { "
                + statement + " } }");
        Path library = Path.of(Kernel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path javac = Path.of(ChildJvm.java()).resolveSibling("javac");
        Path output = dir.resolve("javac.out");
        int exit = ChildJvm.runToCompletion(List.of(javac.toString(), "-proc:none", "-d", dir.resolve("out").toString(),
                "-cp", library.toString(), source.toString()), output, TIMEOUT_SECONDS);
        return new Compiled(exit, Files.readString(output));
    }

    /**
     * Runs {@code main} with {@code caseName} in a child JVM in {@code dir}: it must print one line, OK or
     * THREW with an expected class and a message holding the misuse's fragment, exit 0, and leave no hs_err.
     */
    private static void runChild(Class<?> main, String caseName, MisuseChild.Misuse misuse, Path dir) throws Exception {
        List<String> expected = misuse.expected();
        String messageFragment = misuse.messageFragment();
        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        List<String> options = List.of("-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"), "-XX:-CreateCoredumpOnCrash");
        Process child = new ProcessBuilder(ChildJvm.command(options, main, caseName))
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail(caseName + ": child did not finish within " + TIMEOUT_SECONDS + " s" + report(out, err));
        }
        int exit = child.exitValue();

        List<Path> crashLogs;
        try (Stream<Path> files = Files.list(dir)) {
            crashLogs = files.filter(p -> p.getFileName().toString().matches("hs_err.*\\.log")).toList();
        }
        if (!crashLogs.isEmpty()) {
            fail(caseName + ": the JVM crashed (exit " + exit + "), " + crashLogs.get(0) + ":\n"
                    + head(crashLogs.get(0), 12) + report(out, err));
        }
        List<String> lines = Files.readAllLines(out).stream().filter(l -> !l.isBlank()).toList();
        assertEquals(0, exit, () -> caseName + ": child exit code " + exit
                + " (3: no exception, 4: unexpected outcome)" + report(out, err));
        assertEquals(1, lines.size(), () -> caseName + ": expected one line of output" + report(out, err));
        String line = lines.get(0);
        if (line.equals(MisuseChild.OK)) {
            assertTrue(expected.contains(MisuseChild.OK), () -> caseName + ": returned normally" + report(out, err));
            return;
        }
        Matcher m = THREW.matcher(line);
        assertTrue(m.matches(), () -> caseName + ": unexpected output" + report(out, err));
        String className = m.group(1);
        String message = m.group(2);
        assertTrue(expected.contains(className),
                () -> caseName + ": threw " + className + ", expected one of " + expected + report(out, err));
        Class<?> thrown = Class.forName(className);
        assertTrue(Throwable.class.isAssignableFrom(thrown), className);
        if (thrown == NativeError.ClosedDescriptor.class) {
            assertTrue(ClosedChannelException.class.isAssignableFrom(thrown), className);
        }
        assertFalse(message.isBlank() || message.equals("null"), () -> caseName + ": empty message: " + line);
        assertTrue(message.length() < 1000, () -> caseName + ": message too long: " + line);
        assertTrue(message.contains(messageFragment),
                () -> caseName + ": message lacks '" + messageFragment + "': " + line);
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
