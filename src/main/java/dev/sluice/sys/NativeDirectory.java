package dev.sluice.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Objects;
import java.util.Set;

/**
 * An open directory, and operations on names inside it that can never escape it: names are resolved
 * beneath the directory without following symlinks (openat2 with RESOLVE_BENEATH and
 * RESOLVE_NO_SYMLINKS where the kernel has it; otherwise single names opened with O_NOFOLLOW).
 */
public final class NativeDirectory implements AutoCloseable {
    private final Fd fd;
    private final String path;

    private NativeDirectory(Fd fd, String path) {
        this.fd = fd;
        this.path = path;
    }

    /**
     * Opens an existing directory (O_RDONLY|O_DIRECTORY). Its own path may contain symlinks; names
     * beneath it may not.
     *
     * @param path the directory
     * @return the open directory; close it
     * @throws IOException if open fails, e.g. {@link java.nio.file.NoSuchFileException}, or ENOTDIR
     */
    public static NativeDirectory open(Path path) throws IOException {
        return open(Kernel.system(), path);
    }

    /**
     * Opens an existing directory as {@link #open(Path)} does, with every call on it, and on every file
     * opened beneath it, going through {@code kernel}.
     *
     * @param kernel the kernel the directory's calls go through ({@link Kernel#system()} in an application)
     * @param path the directory
     * @return the open directory; close it
     * @throws IOException if open fails, e.g. {@link java.nio.file.NoSuchFileException}, or ENOTDIR
     */
    public static NativeDirectory open(Kernel kernel, Path path) throws IOException {
        Objects.requireNonNull(kernel, "kernel");
        String name = Checks.noNul(path.toString(), "path");
        int flags = Linux.O_RDONLY() | Linux.O_DIRECTORY() | Linux.O_CLOEXEC();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(name);
            int result;
            do {
                result = kernel.libc().open(cPath, flags, 0);
            } while (Errors.interrupted(result));
            if (result < 0) {
                throw Errors.exception(Syscall.OPEN, result, name, "flags=O_RDONLY|O_DIRECTORY|O_CLOEXEC");
            }
            return new NativeDirectory(Fd.owned(kernel, result), name);
        }
    }

    /**
     * Opens the file {@code name} beneath this directory, never following a symlink; files created
     * get {@code permissions}.
     *
     * @param name a relative name without "." or ".." parts; a single name before Linux 5.6 (no openat2)
     * @param flags how to open it; must include an access mode
     * @param permissions the mode of a created file (less the umask)
     * @return the open file; close it
     * @throws IllegalArgumentException if {@code name} is absolute, has "." or ".." parts, or NUL
     * @throws IOException if openat2 (or openat) fails, e.g. ELOOP for a symlink, EXDEV for an escape
     */
    public NativeFile openFile(String name, Set<OpenFlag> flags, Set<PosixFilePermission> permissions)
            throws IOException {
        return openFile(name, flags, permissions, KernelFeatures.openat2());
    }

    /** {@link #openFile}, choosing openat2 or the openat fallback (tests exercise both). */
    NativeFile openFile(String name, Set<OpenFlag> flags, Set<PosixFilePermission> permissions, boolean useOpenat2)
            throws IOException {
        checkRelative(name);
        int oflags = OpenFlag.bits(flags) | Linux.O_CLOEXEC() | Linux.O_NOFOLLOW();
        // openat2 refuses a mode unless the call can create the file (EINVAL)
        int mode = (oflags & Linux.O_CREAT()) != 0 ? Modes.of(permissions) : 0;
        String full = path + "/" + name;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cName = arena.allocateFrom(name);
            long result;
            if (useOpenat2) {
                MemorySegment how = open_how.allocate(arena);
                open_how.flags(how, oflags);
                open_how.mode(how, mode);
                open_how.resolve(how, Linux.RESOLVE_BENEATH() | Linux.RESOLVE_NO_SYMLINKS());
                result = fd.call(Syscall.OPENAT2, full,
                        (libc, dir) -> libc.openat2(dir, cName, how, open_how.sizeof()),
                        "flags=0x%x, mode=0%o, resolve=BENEATH|NO_SYMLINKS", oflags, mode, 0);
            } else {
                if (name.contains("/")) {
                    throw new IllegalArgumentException("without openat2 only single names can be opened safely: " + name);
                }
                result = fd.call(Syscall.OPENAT, full, (libc, dir) -> libc.openat(dir, cName, oflags, mode),
                        "flags=0x%x, mode=0%o", oflags, mode, 0);
            }
            return new NativeFile(Fd.owned(fd.kernel(), (int) result), full);
        }
    }

    /**
     * Creates the directory {@code name} in this one (mkdirat).
     *
     * @param name a single name, without '/'
     * @param permissions the new directory's mode (less the umask)
     * @throws IOException if mkdirat fails, e.g. {@link java.nio.file.FileAlreadyExistsException}
     */
    public void createDirectory(String name, Set<PosixFilePermission> permissions) throws IOException {
        checkSingleName(name);
        int mode = Modes.of(permissions);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cName = arena.allocateFrom(name);
            fd.call(Syscall.MKDIRAT, path + "/" + name, (libc, dir) -> libc.mkdirat(dir, cName, mode),
                    "mode=0%o", mode, 0, 0);
        }
    }

    /**
     * Renames {@code from} to {@code to}, both directly in this directory, replacing {@code to}
     * (renameat). Call {@link #sync()} to make it durable.
     *
     * @param from a single name, without '/'
     * @param to a single name, without '/'
     * @throws IOException if renameat fails
     */
    public void rename(String from, String to) throws IOException {
        checkSingleName(from);
        checkSingleName(to);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cFrom = arena.allocateFrom(from);
            MemorySegment cTo = arena.allocateFrom(to);
            fd.call(Syscall.RENAMEAT, path + "/" + from, (libc, dir) -> libc.renameat(dir, cFrom, dir, cTo),
                    "to=" + to.replace("%", "%%"), 0, 0, 0);
        }
    }

    /**
     * Removes the file {@code name} directly in this directory (unlinkat). Call {@link #sync()} to
     * make it durable.
     *
     * @param name a single name, without '/'
     * @throws IOException if unlinkat fails, e.g. {@link java.nio.file.NoSuchFileException}
     */
    public void delete(String name) throws IOException {
        checkSingleName(name);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cName = arena.allocateFrom(name);
            fd.call(Syscall.UNLINKAT, path + "/" + name, (libc, dir) -> libc.unlinkat(dir, cName, 0), "", 0, 0, 0);
        }
    }

    /**
     * fsync(2) of the directory: makes created, renamed and deleted entries durable.
     *
     * @throws IOException if fsync fails
     */
    public void sync() throws IOException {
        fd.call(Syscall.FSYNC, path, (libc, dir) -> libc.fsync(dir), "", 0, 0, 0);
    }

    /** {@return the directory's descriptor} It stays owned by this directory. */
    public Fd fd() {
        return fd;
    }

    /** {@return the path this directory was opened by} */
    public String path() {
        return path;
    }

    /**
     * Closes the directory's descriptor. Idempotent.
     *
     * @throws IOException if close fails
     */
    @Override
    public void close() throws IOException {
        fd.close();
    }

    /** A relative name with no "." or ".." component and no NUL. */
    static void checkRelative(String name) {
        Checks.noNul(name, "name");
        if (name.isEmpty() || name.startsWith("/")) {
            throw new IllegalArgumentException("not a relative name: '" + name + "'");
        }
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("name must not contain empty, '.' or '..' parts: '" + name + "'");
            }
        }
    }

    /** One name directly in the directory: relative and without '/'. */
    static void checkSingleName(String name) {
        checkRelative(name);
        if (name.contains("/")) {
            throw new IllegalArgumentException("name must not contain '/': '" + name + "'");
        }
    }
}
