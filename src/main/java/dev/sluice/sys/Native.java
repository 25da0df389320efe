package dev.sluice.sys;

import org.slf4j.LoggerFactory;

/**
 * Where the {@link Libc} in use lives. The default calls Linux through FFM; tests install a
 * {@link FaultInjector} around it to make chosen calls fail.
 */
public final class Native {
    private static volatile Libc installed;
    private static volatile Libc system;

    private Native() {
    }

    /** {@return the calls every class of this package goes through} The installed one, else the system's. */
    public static Libc libc() {
        Libc libc = installed;
        return libc != null ? libc : system();
    }

    /**
     * {@return the FFM implementation, whatever is installed} Loaded on first use.
     *
     * @throws UnsupportedOperationException if native access is denied (the message names the flag)
     */
    public static Libc system() {
        Libc libc = system;
        return libc != null ? libc : loadSystem();
    }

    /**
     * Makes {@code libc} the one every call goes through, for all threads, until replaced.
     * Passing null restores the system one.
     *
     * @param libc the calls to use, or null for the system's
     * @return the one installed before, or null if none was (pass it back to restore)
     */
    public static synchronized Libc install(Libc libc) {
        Libc previous = installed;
        installed = libc;
        return previous;
    }

    /** {@return the java flag that enables native access for the code that loaded sluice} */
    public static String nativeAccessFlag() {
        Module module = Native.class.getModule();
        return "--enable-native-access=" + (module.isNamed() ? module.getName() : "ALL-UNNAMED");
    }

    private static synchronized Libc loadSystem() {
        if (system == null) {
            // Without the flag, JDK 22+ warns (naming the flag) or, with --illegal-native-access=deny,
            // refuses the first restricted call; the generated bindings make one as they load.
            try {
                system = new FfmLibc();
            } catch (IllegalCallerException | LinkageError e) {
                LoggerFactory.getLogger(Native.class).debug("loading the FFM bindings failed", e);
                throw new UnsupportedOperationException(
                        "sluice cannot call Linux: native access is denied; pass " + nativeAccessFlag() + " to java", e);
            }
        }
        return system;
    }
}
