package dev.sluice.testing;

import dev.sluice.sys.FaultInjector;
import dev.sluice.sys.Libc;
import dev.sluice.sys.Native;

/** Runs test code with a {@link FaultInjector} installed, restoring what was installed before. */
public final class Faults {
    private Faults() {
    }

    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    public static void withFaults(FaultInjector faults, Body body) throws Exception {
        Libc previous = Native.install(faults.libc());
        try {
            body.run();
        } finally {
            Native.install(previous);
        }
    }
}
