package dev.sluice.sys;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The errno values sluice names, with their values taken from the generated bindings. */
public enum Errno {
    /** Operation not permitted. */
    EPERM(Linux.EPERM()),
    /** No such file or directory. */
    ENOENT(Linux.ENOENT()),
    /** No such process. */
    ESRCH(Linux.ESRCH()),
    /** Interrupted system call. */
    EINTR(Linux.EINTR()),
    /** Input/output error. */
    EIO(Linux.EIO()),
    /** No such device or address. */
    ENXIO(Linux.ENXIO()),
    /** Argument list too long. */
    E2BIG(Linux.E2BIG()),
    /** Bad file descriptor. */
    EBADF(Linux.EBADF()),
    /** Resource temporarily unavailable. */
    EAGAIN(Linux.EAGAIN()),
    /** Cannot allocate memory. */
    ENOMEM(Linux.ENOMEM()),
    /** Permission denied. */
    EACCES(Linux.EACCES()),
    /** Bad address. */
    EFAULT(Linux.EFAULT()),
    /** Device or resource busy. */
    EBUSY(Linux.EBUSY()),
    /** File exists. */
    EEXIST(Linux.EEXIST()),
    /** Invalid cross-device link. */
    EXDEV(Linux.EXDEV()),
    /** No such device. */
    ENODEV(Linux.ENODEV()),
    /** Not a directory. */
    ENOTDIR(Linux.ENOTDIR()),
    /** Is a directory. */
    EISDIR(Linux.EISDIR()),
    /** Invalid argument. */
    EINVAL(Linux.EINVAL()),
    /** Too many open files in system. */
    ENFILE(Linux.ENFILE()),
    /** Too many open files. */
    EMFILE(Linux.EMFILE()),
    /** Text file busy. */
    ETXTBSY(Linux.ETXTBSY()),
    /** File too large. */
    EFBIG(Linux.EFBIG()),
    /** No space left on device. */
    ENOSPC(Linux.ENOSPC()),
    /** Illegal seek. */
    ESPIPE(Linux.ESPIPE()),
    /** Read-only file system. */
    EROFS(Linux.EROFS()),
    /** Too many links. */
    EMLINK(Linux.EMLINK()),
    /** Broken pipe. */
    EPIPE(Linux.EPIPE()),
    /** Numerical result out of range. */
    ERANGE(Linux.ERANGE()),
    /** File name too long. */
    ENAMETOOLONG(Linux.ENAMETOOLONG()),
    /** Function not implemented. */
    ENOSYS(Linux.ENOSYS()),
    /** Directory not empty. */
    ENOTEMPTY(Linux.ENOTEMPTY()),
    /** Too many levels of symbolic links. */
    ELOOP(Linux.ELOOP()),
    /** Value too large for defined data type. */
    EOVERFLOW(Linux.EOVERFLOW()),
    /** Socket operation on non-socket. */
    ENOTSOCK(Linux.ENOTSOCK()),
    /** Operation not supported. */
    EOPNOTSUPP(Linux.EOPNOTSUPP()),
    /** Connection reset by peer. */
    ECONNRESET(Linux.ECONNRESET()),
    /** Transport endpoint is not connected. */
    ENOTCONN(Linux.ENOTCONN()),
    /** Connection timed out. */
    ETIMEDOUT(Linux.ETIMEDOUT()),
    /** Disk quota exceeded. */
    EDQUOT(Linux.EDQUOT()),
    /** Operation canceled. */
    ECANCELED(Linux.ECANCELED());

    private static final Map<Integer, Errno> BY_VALUE = new HashMap<>();
    private static final Map<Integer, String> DESCRIPTIONS = new ConcurrentHashMap<>();

    static {
        for (Errno e : values()) {
            BY_VALUE.putIfAbsent(e.value, e);
        }
    }

    private final int value;

    Errno(int value) {
        this.value = value;
    }

    /** {@return the number the kernel uses} */
    public int value() {
        return value;
    }

    /** {@return strerror's text, e.g. "Bad file descriptor"} */
    public String description() {
        return describe(value);
    }

    /**
     * {@return the named errno with this value, if sluice names it}
     *
     * @param value an errno value
     */
    public static Optional<Errno> of(int value) {
        return Optional.ofNullable(BY_VALUE.get(value));
    }

    /**
     * {@return the symbol ("EBADF"), or "errno N" for a value sluice does not name}
     *
     * @param value an errno value
     */
    public static String symbol(int value) {
        Errno e = BY_VALUE.get(value);
        return e != null ? e.name() : "errno " + value;
    }

    /**
     * {@return strerror's text for any value} Cached.
     *
     * @param value an errno value
     */
    public static String describe(int value) {
        return DESCRIPTIONS.computeIfAbsent(value, Errno::strerror);
    }

    private static String strerror(int value) {
        synchronized (Errno.class) { // strerror's buffer for unknown values is not thread-safe
            return Linux.strerror(value).reinterpret(1024).getString(0);
        }
    }
}
