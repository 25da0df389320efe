package dev.sluice.examples;

// README begin
import dev.sluice.sys.Errno;
import dev.sluice.sys.FaultInjector;
import dev.sluice.sys.Libc;
import dev.sluice.sys.Native;
import dev.sluice.sys.Syscall;
import java.util.concurrent.Callable;
// README end

/** The README's fault injection, compiled and run by {@link ReadmeExamplesTest}. */
final class FaultInjectionExample {

    private FaultInjectionExample() {
    }

    // README begin
    static FaultInjector withFailingThirdSync(Callable<?> codeUnderTest) throws Exception {
        FaultInjector faults = FaultInjector.around(Native.system()).fail(Syscall.FDATASYNC, 3, Errno.EIO, false);
        Libc previous = Native.install(faults.libc());
        try {
            codeUnderTest.call();                    // its third fdatasync fails with EIO
        } finally {
            Native.install(previous);
        }
        return faults;
    }
    // README end
}
