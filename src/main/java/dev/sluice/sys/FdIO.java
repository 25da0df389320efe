package dev.sluice.sys;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * write(2) to any descriptor (socket, pipe, terminal, file at its current position), for what
 * {@link NativeFile}'s positional writes cannot reach. EINTR is retried. As in {@link ZeroCopy},
 * a would-block on a non-blocking descriptor returns 0.
 */
public final class FdIO {
    private FdIO() {
    }

    /**
     * One write(2) of {@code src}.
     *
     * @param fd the descriptor to write to
     * @param src native memory to write
     * @return the bytes written, which may be fewer than asked; 0 if {@code fd} would block
     * @throws IOException if write fails, e.g. EPIPE
     */
    public static long write(Fd fd, MemorySegment src) throws IOException {
        Objects.requireNonNull(fd, "fd");
        Checks.nativeMemory(src, "src");
        long count = src.byteSize();
        try {
            return fd.call(Syscall.WRITE, null, (libc, f) -> libc.write(f, src, count), "count=%d", count, 0, 0);
        } catch (NativeIOException e) {
            if (e.errno() == Errno.EAGAIN.value()) {
                return 0;
            }
            throw e;
        }
    }

    /**
     * Writes all of {@code src}, looping over short writes. The descriptor must be blocking: a write
     * that would block (or moves nothing) throws rather than spinning.
     *
     * @param fd a blocking descriptor
     * @param src native memory to write
     * @throws IOException if write fails, or makes no progress
     */
    public static void writeFully(Fd fd, MemorySegment src) throws IOException {
        Objects.requireNonNull(fd, "fd");
        Checks.nativeMemory(src, "src");
        long done = 0;
        while (done < src.byteSize()) {
            long n = write(fd, src.asSlice(done));
            if (n == 0) {
                throw new IOException("write(" + fd + ", count=" + (src.byteSize() - done) + ") made no progress "
                        + "after " + done + " of " + src.byteSize() + " bytes (a non-blocking descriptor that would block?)");
            }
            done += n;
        }
    }
}
