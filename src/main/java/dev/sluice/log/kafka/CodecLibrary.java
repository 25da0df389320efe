package dev.sluice.log.kafka;

import java.io.IOException;
import java.lang.invoke.MethodHandles;

/**
 * Finds a codec library's classes at run time, through method handles rather than linked calls: the
 * library stays an optional dependency that nothing links until a batch needs it, and that works on
 * the class path as on the module path (no {@code requires} in sluice's module descriptor).
 */
final class CodecLibrary {
    /** Public members of any exported package, readability not needed. */
    static final MethodHandles.Lookup LOOKUP = MethodHandles.publicLookup();

    private CodecLibrary() {
    }

    /** The class, initialized (which is when a library with native code loads it). */
    static Class<?> load(String name) throws ClassNotFoundException {
        return Class.forName(name, true, CodecLibrary.class.getClassLoader());
    }

    /**
     * What a failed look-up throws, kept as the codec's absence; errors of the JVM itself are thrown on.
     * (A library whose native part fails to load throws an Error of its own, not a LinkageError.)
     */
    static Throwable absence(Throwable failure) {
        if (failure instanceof VirtualMachineError e) {
            throw e;
        }
        return failure;
    }

    /**
     * A failure thrown through a method handle as the IOException of a malformed stream; errors of the
     * JVM are thrown on.
     */
    static IOException malformed(Throwable failure) {
        if (failure instanceof Error e && !(failure instanceof LinkageError)) {
            throw e;
        }
        if (failure instanceof IOException e) {
            return e;
        }
        return new IOException(failure.getClass().getSimpleName() + ": " + failure.getMessage(), failure);
    }
}
