package dev.sluice.sys;

import java.io.IOException;

/** Turns a failed call's errno into the exception a Java caller expects. */
final class Errors {
    private Errors() {
    }

    /**
     * @param result the negative result, {@code -errno}
     * @param file the file involved, or null
     * @param arguments the call's key arguments, e.g. "fd=3, count=4096"
     */
    static IOException exception(Syscall call, long result, String file, String arguments) {
        int errno = (int) -result;
        String reason = Errno.symbol(errno) + " (" + Errno.describe(errno) + ")";
        String where = file == null ? "" : " on " + file;
        String message = call.cName() + "(" + arguments + ")" + where + " failed: " + reason;
        String subject = file == null ? call.cName() + "(" + arguments + ")" : file;
        String callReason = call.cName() + " failed: " + reason;
        if (errno == Errno.EBADF.value()) {
            return new NativeError.ClosedDescriptor(call, errno, message);
        } else if (errno == Errno.ENOENT.value()) {
            return new NativeError.NoSuchFile(call, errno, subject, callReason);
        } else if (errno == Errno.EACCES.value() || errno == Errno.EPERM.value()) {
            return new NativeError.AccessDenied(call, errno, subject, callReason);
        } else if (errno == Errno.EEXIST.value()) {
            return new NativeError.AlreadyExists(call, errno, subject, callReason);
        }
        return new NativeIOException(call, errno, message);
    }

    /** EBADF on a descriptor that is open: it lacks the access mode, or is not the kind of file, the call needs. */
    static IOException unusableDescriptor(Syscall call, String file, String arguments) {
        String where = file == null ? "" : " on " + file;
        return new NativeIOException(call, Errno.EBADF.value(), call.cName() + "(" + arguments + ")" + where
                + " failed: EBADF (" + Errno.describe(Errno.EBADF.value()) + "): the descriptor is open, but "
                + call.cName() + " cannot use it (opened without the access it needs, e.g. written but opened "
                + "read-only, or not the kind of file it works on)");
    }

    /**
     * close(2) failed after a close() that found calls in flight; thrown to the last of them. Never a
     * ClosedChannelException: the call it reaches did its own work.
     */
    static NativeIOException deferredClose(long result, String arguments) {
        int errno = (int) -result;
        return new NativeIOException(Syscall.CLOSE, errno, "close(" + arguments + ") failed: " + Errno.symbol(errno)
                + " (" + Errno.describe(errno) + "); the close was deferred while calls were in flight, and this "
                + "call, the last of them, made it (its own work succeeded)");
    }

    static boolean interrupted(long result) {
        return result == -Errno.EINTR.value();
    }
}
