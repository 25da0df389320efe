package dev.sluice.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/** A pipe from pipe2(2), both ends O_CLOEXEC: the kernel buffer splice(2) moves pages through. */
public final class Pipe implements AutoCloseable {
    private final Fd readEnd;
    private final Fd writeEnd;

    private Pipe(Fd readEnd, Fd writeEnd) {
        this.readEnd = readEnd;
        this.writeEnd = writeEnd;
    }

    /**
     * Opens a pipe.
     *
     * @param nonBlocking whether to set O_NONBLOCK on both ends
     * @return the pipe; close it
     * @throws IOException if pipe2 fails, e.g. EMFILE
     */
    public static Pipe open(boolean nonBlocking) throws IOException {
        return open(Kernel.system(), nonBlocking);
    }

    /**
     * Opens a pipe whose calls go through {@code kernel}: a transfer opens its pipe with the kernel of
     * the file it reads, {@code source.kernel()}.
     *
     * @param kernel the kernel the pipe's calls go through
     * @param nonBlocking whether to set O_NONBLOCK on both ends
     * @return the pipe; close it
     * @throws IOException if pipe2 fails, e.g. EMFILE
     */
    public static Pipe open(Kernel kernel, boolean nonBlocking) throws IOException {
        Objects.requireNonNull(kernel, "kernel");
        int flags = Linux.O_CLOEXEC() | (nonBlocking ? Linux.O_NONBLOCK() : 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            int result = kernel.libc().pipe2(fds, flags);
            if (result < 0) {
                throw Errors.exception(Syscall.PIPE2, result, null, "flags=0x" + Integer.toHexString(flags));
            }
            return new Pipe(Fd.owned(kernel, fds.getAtIndex(ValueLayout.JAVA_INT, 0)),
                    Fd.owned(kernel, fds.getAtIndex(ValueLayout.JAVA_INT, 1)));
        }
    }

    /** {@return the end to read (or splice) from} */
    public Fd readEnd() {
        return readEnd;
    }

    /** {@return the end to write (or splice) into} */
    public Fd writeEnd() {
        return writeEnd;
    }

    /**
     * {@return the pipe's buffer size in bytes} From fcntl(F_GETPIPE_SZ).
     *
     * @throws IOException if fcntl fails
     */
    public int capacity() throws IOException {
        return (int) writeEnd.call(Syscall.FCNTL, null, (libc, f) -> libc.fcntl(f, Linux.F_GETPIPE_SZ(), 0),
                "F_GETPIPE_SZ", 0, 0, 0);
    }

    /**
     * Asks for a buffer of {@code bytes} (F_SETPIPE_SZ); the kernel rounds up to a power-of-two number of
     * pages and refuses more than /proc/sys/fs/pipe-max-size for unprivileged users.
     *
     * @param bytes the buffer size wanted, more than 0
     * @return the capacity granted
     * @throws IOException if fcntl fails: EPERM above pipe-max-size, EBUSY below what the pipe holds
     */
    public int resize(int bytes) throws IOException {
        Checks.positive(bytes, "bytes");
        return (int) writeEnd.call(Syscall.FCNTL, null, (libc, f) -> libc.fcntl(f, Linux.F_SETPIPE_SZ(), bytes),
                "F_SETPIPE_SZ, %d", bytes, 0, 0);
    }

    /**
     * Closes both ends.
     *
     * @throws IOException if closing an end fails
     */
    @Override
    public void close() throws IOException {
        try {
            readEnd.close();
        } finally {
            writeEnd.close();
        }
    }
}
