package dev.sluice.sys;

import dev.sluice.bindings.Linux;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The errno values sluice names, with their values taken from the generated bindings. */
public enum Errno {
    EPERM(Linux.EPERM()), ENOENT(Linux.ENOENT()), ESRCH(Linux.ESRCH()), EINTR(Linux.EINTR()), EIO(Linux.EIO()),
    ENXIO(Linux.ENXIO()), E2BIG(Linux.E2BIG()), EBADF(Linux.EBADF()), EAGAIN(Linux.EAGAIN()),
    ENOMEM(Linux.ENOMEM()), EACCES(Linux.EACCES()), EFAULT(Linux.EFAULT()), EBUSY(Linux.EBUSY()),
    EEXIST(Linux.EEXIST()), EXDEV(Linux.EXDEV()), ENODEV(Linux.ENODEV()), ENOTDIR(Linux.ENOTDIR()),
    EISDIR(Linux.EISDIR()), EINVAL(Linux.EINVAL()), ENFILE(Linux.ENFILE()), EMFILE(Linux.EMFILE()),
    ETXTBSY(Linux.ETXTBSY()), EFBIG(Linux.EFBIG()), ENOSPC(Linux.ENOSPC()), ESPIPE(Linux.ESPIPE()),
    EROFS(Linux.EROFS()), EMLINK(Linux.EMLINK()), EPIPE(Linux.EPIPE()), ERANGE(Linux.ERANGE()),
    ENAMETOOLONG(Linux.ENAMETOOLONG()), ENOSYS(Linux.ENOSYS()), ENOTEMPTY(Linux.ENOTEMPTY()),
    ELOOP(Linux.ELOOP()), EOVERFLOW(Linux.EOVERFLOW()), ENOTSOCK(Linux.ENOTSOCK()),
    EOPNOTSUPP(Linux.EOPNOTSUPP()), ECONNRESET(Linux.ECONNRESET()), ENOTCONN(Linux.ENOTCONN()),
    ETIMEDOUT(Linux.ETIMEDOUT()), EDQUOT(Linux.EDQUOT()), ECANCELED(Linux.ECANCELED());

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

    /** The number the kernel uses. */
    public int value() {
        return value;
    }

    /** strerror's text, e.g. "Bad file descriptor". */
    public String description() {
        return describe(value);
    }

    /** The named errno with this value, if sluice names it. */
    public static Optional<Errno> of(int value) {
        return Optional.ofNullable(BY_VALUE.get(value));
    }

    /** The symbol ("EBADF"), or "errno N" for a value sluice does not name. */
    public static String symbol(int value) {
        Errno e = BY_VALUE.get(value);
        return e != null ? e.name() : "errno " + value;
    }

    /** strerror's text for any value, cached. */
    public static String describe(int value) {
        return DESCRIPTIONS.computeIfAbsent(value, Errno::strerror);
    }

    private static String strerror(int value) {
        synchronized (Errno.class) { // strerror's buffer for unknown values is not thread-safe
            return Linux.strerror(value).reinterpret(1024).getString(0);
        }
    }
}
