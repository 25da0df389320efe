package dev.sluice.sys;

import java.util.Objects;

/**
 * The way to Linux that a descriptor's calls take: an opaque handle, one per open file, directory or
 * pipe. Everything opened from a descriptor (a file beneath a {@link NativeDirectory}, the duplicate a
 * {@link MappedRegion} keeps, a {@link Pipe} opened for a transfer) goes the same way, and a call on two
 * descriptors (sendfile, splice, tee) goes the way of the one it reads from.
 *
 * <p>{@link #system()} is the only kernel an application can get: the real system calls, with every
 * argument checked by the class that makes them. There is no public way to build another one and no
 * process-wide switch. sluice's own tests build faulty kernels (a call that fails with a chosen errno,
 * or moves fewer bytes) from test code in this package, and hand them to what they test, one
 * directory or file at a time, the way Lucene's {@code MockDirectoryWrapper} wraps one directory (see
 * docs/TESTING.md). Nothing faulty can reach an application that does not put test classes of its own
 * into this package.
 */
public final class Kernel {
    private static volatile Kernel system;

    private final Libc libc;
    private final String description;

    /** A kernel whose calls go through {@code libc}; for this package and its tests only. */
    Kernel(Libc libc, String description) {
        this.libc = Objects.requireNonNull(libc, "libc");
        this.description = Objects.requireNonNull(description, "description");
    }

    /**
     * {@return the real system calls} Loaded on first use; every later call returns the same kernel.
     *
     * @throws UnsupportedOperationException if native access is denied (the message names the flag)
     */
    public static Kernel system() {
        Kernel kernel = system;
        return kernel != null ? kernel : loadSystem();
    }

    /** {@return the java flag that enables native access for the code that loaded sluice} */
    public static String nativeAccessFlag() {
        Module module = Kernel.class.getModule();
        return "--enable-native-access=" + (module.isNamed() ? module.getName() : "ALL-UNNAMED");
    }

    /** The raw calls, in the {@link Libc} convention. */
    Libc libc() {
        return libc;
    }

    private static synchronized Kernel loadSystem() {
        if (system == null) {
            system = new Kernel(SystemLibc.load(nativeAccessFlag()), "the system's kernel");
        }
        return system;
    }

    /** {@return what this kernel is, for messages} */
    @Override
    public String toString() {
        return description;
    }
}
