package dev.sluice.sys;

import dev.sluice.bindings.Linux;

import java.io.IOException;
import java.nio.channels.Channel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file descriptor: either owned (closed by {@link #close()}, exactly once, whatever the number of
 * threads calling it) or borrowed from a Java channel (never closed here, usable while the channel
 * is open).
 *
 * <p>Calls in flight hold a reference: a close that races with them takes effect when the last one
 * returns, so the number is never reused under a running call.
 */
public final class Fd implements AutoCloseable {
    private static final int CLOSED = 1;
    private static final int REF = 2;

    private final int value;
    private final Channel borrowedFrom;
    private final AtomicInteger state = new AtomicInteger();

    private Fd(int value, Channel borrowedFrom) {
        this.value = value;
        this.borrowedFrom = borrowedFrom;
    }

    static Fd owned(int value) {
        return new Fd(value, null);
    }

    static Fd borrowed(int value, Channel channel) {
        return new Fd(value, channel);
    }

    /** Whether this descriptor can still be used. */
    public boolean isOpen() {
        return (state.get() & CLOSED) == 0 && (borrowedFrom == null || borrowedFrom.isOpen());
    }

    /** Whether {@link #close()} closes the descriptor (false for one borrowed from a channel). */
    public boolean isOwned() {
        return borrowedFrom == null;
    }

    /** Whether the kernel has FD_CLOEXEC set on this descriptor. */
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
        int fd = acquire();
        try {
            long result;
            do {
                result = call.invoke(Native.libc(), fd);
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
        } finally {
            release();
        }
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

    void release() {
        if (state.addAndGet(-REF) == CLOSED) {
            closeNow();
        }
    }

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
        int result = Native.libc().close(value);
        return Errors.interrupted(result) ? 0 : result;
    }

    @Override
    public String toString() {
        return "fd " + value + (borrowedFrom != null ? " (borrowed)" : "");
    }
}
