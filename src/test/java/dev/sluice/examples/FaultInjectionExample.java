package dev.sluice.examples;

// README begin
import dev.sluice.sys.Errno;
import dev.sluice.sys.FaultInjector;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;
import dev.sluice.sys.Syscall;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
// README end

/** The README's fault injection, compiled and run by {@link ReadmeExamplesTest}. */
final class FaultInjectionExample {

    private FaultInjectionExample() {
    }

    // README begin
    static NativeFile openWithFailingThirdSync(Path path) throws IOException {
        FaultInjector faults = FaultInjector.system().fail(Syscall.FDATASYNC, 3, Errno.EIO, false);
        // only this file sees the fault: its third fdatasync fails with EIO
        return NativeFile.open(faults.kernel(), path, EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE),
                NativeFile.DEFAULT_PERMISSIONS);
    }
    // README end
}
