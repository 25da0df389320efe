package dev.sluice.testing;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

/**
 * The child side of {@code MisuseTest}: runs one misuse in the current directory and reports it on
 * one line of standard output, which the parent checks:
 *
 * <ul>
 *   <li>{@code THREW <class name>: <message>} when it threw (exit 0 if that class is one expected, 4
 *       otherwise);</li>
 *   <li>{@code OK} when it returned normally and that is expected (exit 0);</li>
 *   <li>{@code NO EXCEPTION} when it returned normally but an exception was expected (exit 3).</li>
 * </ul>
 *
 * A crash of the JVM gives any other exit code (134, ...) and an hs_err file.
 */
public final class MisuseChild {
    /** In a list of expected outcomes: the misuse must return normally. */
    public static final String OK = "OK";

    /** The misuse, given the directory it runs in. */
    @FunctionalInterface
    public interface Action {
        void run(Path dir) throws Exception;
    }

    /**
     * One misuse: the outcomes it may end with (exception class names, or {@link #OK}), a fragment the
     * exception's message must contain, and the code.
     *
     * @param expected the outcomes allowed
     * @param messageFragment what the message must contain ("" for anything)
     * @param action the misuse
     */
    public record Misuse(List<String> expected, String messageFragment, Action action) {
    }

    private MisuseChild() {
    }

    /** Runs the misuse, prints its outcome and exits, as the class comment says. */
    public static void runAndExit(Misuse misuse) {
        List<String> expected = misuse.expected();
        Action action = misuse.action();
        String outcome;
        String line;
        try {
            action.run(Path.of("").toAbsolutePath());
            outcome = OK;
            line = OK;
        } catch (Throwable t) {
            outcome = t.getClass().getName();
            line = "THREW " + outcome + ": " + String.valueOf(t.getMessage()).replace("\n", "\\n");
            if (!expected.contains(outcome)) {
                t.printStackTrace();
            }
        }
        // Memory corrupted by a misuse the library let through shows up in later allocations: make some.
        churnNativeHeap();
        if (outcome.equals(OK) && !expected.contains(OK)) {
            System.out.println("NO EXCEPTION");
            System.out.flush();
            System.exit(3);
        }
        System.out.println(line);
        System.out.flush();
        System.exit(expected.contains(outcome) ? 0 : 4);
    }

    /** {@return a native segment whose (confined) arena is already closed} */
    public static MemorySegment closedArenaSegment(long size) {
        MemorySegment s;
        try (Arena a = Arena.ofConfined()) {
            s = a.allocate(size);
        }
        return s;
    }

    private static void churnNativeHeap() {
        for (int i = 0; i < 2000; i++) {
            try (Arena a = Arena.ofConfined()) {
                a.allocate(16 + (i % 32) * 8).fill((byte) i);
                a.allocate(64).fill((byte) i);
            }
        }
    }
}
