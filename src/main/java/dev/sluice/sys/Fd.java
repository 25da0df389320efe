package dev.sluice.sys;

import java.io.IOException;
import java.nio.channels.Channel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file descriptor: either owned (closed by {@link #close()}, exactly once, whatever the number of
 * threads calling it) or borrowed from a Java channel (never closed here, usable while the channel
 * is open).
 *
 * <p>Calls in flight hold a reference: a close that races with them takes effect when the last one
 * returns, so the number is never reused under a running call.
 *
 * <p>An error from close(2) goes to the thread that made the call: to {@link #close()} when nothing
 * was in flight, otherwise to the last call in flight, which throws it (as a {@link NativeIOException}
 * of {@link Syscall#CLOSE}, or suppressed by that call's own exception) even though its own work
 * succeeded. close() does not wait for calls in flight: a sendfile to a slow peer or a splice on an
 * empty pipe could hold it for good, and its callers (a log retiring a segment) must not block. A
 * close error means the kernel may have lost writes to the file (NFS reports writeback errors there),
 * so the last user, not silence, is the right one to hear of it.
 *
 * <p>Every call on a descriptor goes through its {@link Kernel}: the one it was opened with, or the
 * system's for one borrowed from a channel.
 */
public final class Fd implements AutoCloseable {
    private static final int CLOSED = 1;
    private static final int REF = 2;

    private final Kernel kernel;
    private final int value;
    private final Channel borrowedFrom;
    private final AtomicInteger state = new AtomicInteger();

    private Fd(Kernel kernel, int value, Channel borrowedFrom) {
        this.kernel = kernel;
        this.value = value;
        this.borrowedFrom = borrowedFrom;
    }

    static Fd owned(Kernel kernel, int value) {
        return new Fd(Objects.requireNonNull(kernel, "kernel"), value, null);
    }

    /** A channel's descriptor; its calls go through the system's kernel, loaded at the first call. */
    static Fd borrowed(int value, Channel channel) {
        return new Fd(null, value, channel);
    }

    /**
     * {@return the kernel this descriptor's calls go through} What is opened from it goes the same way.
     *
     * @throws UnsupportedOperationException if it is the system's and native access is denied
     */
    public Kernel kernel() {
        return kernel != null ? kernel : Kernel.system();
    }

    /** {@return whether this descriptor can still be used} A borrowed one closes with its channel. */
    public boolean isOpen() {
        return (state.get() & CLOSED) == 0 && (borrowedFrom == null || borrowedFrom.isOpen());
    }

    /** {@return whether {@link #close()} closes the descriptor} False for one borrowed from a channel. */
    public boolean isOwned() {
        return borrowedFrom == null;
    }

    /**
     * {@return whether the kernel has FD_CLOEXEC set on this descriptor} From fcntl(F_GETFD).
     *
     * @throws IOException if fcntl fails
     */
    public boolean isCloseOnExec() throws IOException {
        long flags = call(Syscall.FCNTL, null, (libc, fd) -> libc.fcntl(fd, Linux.F_GETFD(), 0), "F_GETFD", 0, 0, 0);
        return (flags & Linux.FD_CLOEXEC()) != 0;
    }

    /** One native call on a descriptor, in the {@link Libc} convention. */
    @FunctionalInterface
    interface Call {
        long invoke(Libc libc, int fd);
    }

    /**
     * Runs {@code call} on this descriptor, retrying on EINTR, and throws the matching exception on
     * failure. {@code format} describes the arguments after the fd from {@code a, b, c}; it is only
     * formatted when the call fails.
     */
    long call(Syscall syscall, String file, Call call, String format, long a, long b, long c) throws IOException {
        return holding(fd -> {
            Libc libc = kernel().libc();
            long result;
            do {
                result = call.invoke(libc, fd);
            } while (Errors.interrupted(result));
            if (result < 0) {
                String arguments = "fd=" + fd + (format.isEmpty() ? "" : ", " + String.format(format, a, b, c));
                if (result == -Errno.EBADF.value() && isOpen()) {
                    // The reference held makes the number valid: EBADF means wrong mode or kind of file.
                    throw Errors.unusableDescriptor(syscall, file, arguments);
                }
                throw Errors.exception(syscall, result, file, arguments);
            }
            return result;
        });
    }

    /** Work done holding a reference on the descriptor number it is given. */
    @FunctionalInterface
    interface Held {
        long run(int fd) throws IOException;
    }

    /**
     * Runs {@code body} holding a reference. If a close was deferred for it, the close happens as it
     * returns, and a close error is thrown (or added as suppressed to the body's own exception).
     */
    long holding(Held body) throws IOException {
        int fd = acquire();
        long result;
        try {
            result = body.run(fd);
        } catch (Throwable t) {
            try {
                release();
            } catch (IOException closeError) {
                t.addSuppressed(closeError);
            }
            throw t;
        }
        release();
        return result;
    }

    /** Takes a reference for one native call; pair with {@link #release()}. */
    int acquire() throws NativeError.ClosedDescriptor {
        while (true) {
            int s = state.get();
            if ((s & CLOSED) != 0 || (borrowedFrom != null && !borrowedFrom.isOpen())) {
                throw new NativeError.ClosedDescriptor(null, Errno.EBADF.value(), this + " is closed");
            }
            if (state.compareAndSet(s, s + REF)) {
                return value;
            }
        }
    }

    /**
     * Drops a reference taken by {@link #acquire()}. The last one of a closed descriptor closes it, and
     * throws close(2)'s error: nobody else is left to hear of it.
     */
    void release() throws IOException {
        if (state.addAndGet(-REF) == CLOSED) {
            int result = closeNow();
            if (result < 0) {
                throw Errors.deferredClose(result, "fd=" + value);
            }
        }
    }

    /**
     * Closes the descriptor, or, while a call runs on it, as soon as that call returns (so its number
     * is never reused under the call). Idempotent and thread-safe; a borrowed descriptor is only
     * marked closed, its channel keeps it.
     *
     * @throws IOException if close(2) fails
     */
    @Override
    public void close() throws IOException {
        while (true) {
            int s = state.get();
            if ((s & CLOSED) != 0) {
                return;
            }
            if (state.compareAndSet(s, s | CLOSED)) {
                if (s == 0) {
                    int result = closeNow();
                    if (result < 0) {
                        throw Errors.exception(Syscall.CLOSE, result, null, "fd=" + value);
                    }
                }
                return;
            }
        }
    }

    /** Closes the number itself. EINTR is not retried: on Linux the descriptor is gone either way. */
    private int closeNow() {
        if (borrowedFrom != null) {
            return 0;
        }
        int result = kernel.libc().close(value);
        return Errors.interrupted(result) ? 0 : result;
    }

    @Override
    public String toString() {
        return "fd " + value + (borrowedFrom != null ? " (borrowed)" : "");
    }
}
