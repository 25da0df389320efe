package dev.sluice.log;

import dev.sluice.sys.NativeDirectory;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;

/**
 * The one-writer lock of a log directory: flock(2) on its {@link SegmentNames#WRITER_LOCK} file,
 * which also holds the holder's pid so that a refused writer can say who has the log. The kernel
 * drops the lock with the holder's descriptor, so a writer killed with -9 leaves no stale lock;
 * the pid left in the file is only read while the lock is held.
 */
final class WriterLock implements AutoCloseable {
    private final NativeFile file;

    private WriterLock(NativeFile file) {
        this.file = file;
    }

    /** Takes the lock, or throws {@link LogLockedException} naming the holder's pid. */
    static WriterLock acquire(NativeDirectory dir, Path path) throws IOException {
        NativeFile file = dir.openFile(SegmentNames.WRITER_LOCK, EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.CREATE),
                NativeFile.DEFAULT_PERMISSIONS);
        try {
            if (!file.tryLockExclusive()) {
                long holder = holderPid(file);
                throw new LogLockedException("the log at " + path + " is already open for writing by "
                        + describe(holder) + "; a log has one writer (read-only opens still work)", holder);
            }
            file.truncate(0);
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment bytes = arena.allocate(pid.length);
                bytes.copyFrom(MemorySegment.ofArray(pid));
                file.write(bytes, 0);
            }
            return new WriterLock(file);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static long holderPid(NativeFile file) throws IOException {
        String text;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocate(32);
            long n = file.read(bytes, 0);
            text = new String(bytes.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII).trim();
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1; // the holder is between taking the lock and writing its pid
        }
    }

    private static String describe(long pid) {
        if (pid <= 0) {
            return "another process (pid not yet written)";
        }
        if (pid == ProcessHandle.current().pid()) {
            return "this process (pid " + pid + ")";
        }
        String command = ProcessHandle.of(pid).flatMap(p -> p.info().command())
                .map(c -> ", " + Path.of(c).getFileName()).orElse("");
        return "pid " + pid + command;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
