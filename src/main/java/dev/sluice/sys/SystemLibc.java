package dev.sluice.sys;

import org.slf4j.LoggerFactory;

/** Loads the FFM {@link Libc}, turning denied native access into an error that names the flag. */
final class SystemLibc {
    private SystemLibc() {
    }

    static Libc load(String nativeAccessFlag) {
        // Without the flag, JDK 22+ warns (naming the flag) or, with --illegal-native-access=deny,
        // refuses the first restricted call; the generated bindings make one as they load.
        try {
            return new FfmLibc();
        } catch (IllegalCallerException | LinkageError e) {
            // the logger is loaded only here: SLF4J's start costs a short command
            LoggerFactory.getLogger(SystemLibc.class).debug("loading the FFM bindings failed", e);
            throw new UnsupportedOperationException(
                    "sluice cannot call Linux: native access is denied; pass " + nativeAccessFlag + " to java", e);
        }
    }
}
