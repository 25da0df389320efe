package dev.sluice.sys;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A {@link Libc} that forwards every call and records, in order, the calls that change what a power
 * loss could leave on disk: file creation, writes, truncation, size-changing fallocate, renames and
 * unlinks, and the durability points (fsync/fdatasync of a file; fsync of a directory, which makes
 * its entries durable). Files are identified by inode (a number the recorder gives each file it sees
 * created), directories by path; descriptors are mapped to them from the results of open, openat and
 * openat2, so writes through several descriptors of one file (the O_DIRECT writer's) land on one file.
 *
 * <p>Only directories opened with {@code open(..., O_DIRECTORY)} and files opened beneath them with
 * openat/openat2 are tracked; that is how {@link dev.sluice.sys.NativeDirectory} opens everything the
 * log writes. Stores through a shared mapping (IoMode.MMAP) make no system call and are invisible here,
 * so the simulator runs the log with PWRITE and DIRECT only. Calls the model cannot follow on a tracked
 * descriptor (write(2) at the file position, a name with '/', ...) are reported by {@link #unsupported()}.
 *
 * <p>{@link DirectorySyncs} makes the log behave as a broken variant the simulator must catch: with
 * {@code DROP_ALL} no fsync of a directory is forwarded or recorded (a log that never syncs its directory);
 * with {@code DROP_AFTER_DELETES} only those whose directory changed by nothing but unlinks of segment and
 * index files since its last fsync (a log whose retention skips its directory fsync).
 *
 * <p>Files already in a directory before the recording starts (a crash state the log recovers and goes
 * on from) are made known with {@link #adopt}.
 */
public final class RecordingLibc implements Libc {
    /** One recorded operation. */
    public sealed interface Op {
    }

    public record Create(String dir, String name, int inode) implements Op {
    }

    public record Rename(String dir, String from, String to) implements Op {
    }

    public record Unlink(String dir, String name) implements Op {
    }

    public record Write(int inode, long offset, byte[] bytes) implements Op {
    }

    public record Truncate(int inode, long size) implements Op {
    }

    /** fallocate without KEEP_SIZE: the file grows (with zeros) to at least {@code end}. */
    public record Extend(int inode, long end) implements Op {
    }

    public record SyncFile(int inode) implements Op {
    }

    public record SyncDir(String dir) implements Op {
    }

    /** Not a system call: the log acknowledged every offset below {@code durableOffset} as durable. */
    public record Ack(long durableOffset) implements Op {
    }

    private sealed interface Tracked {
    }

    private record DirFd(String path) implements Tracked {
    }

    private record FileFd(int inode) implements Tracked {
    }

    /** Which fsyncs of a directory are skipped, to imitate a broken log. */
    public enum DirectorySyncs {
        KEEP, DROP_ALL, DROP_AFTER_DELETES
    }

    /** What changed in a directory since its last fsync: unlinks of segment files, and whether anything else. */
    private static final class SinceSync {
        int segmentUnlinks;
        boolean other;
    }

    private final Libc delegate;
    private final Kernel kernel = new Kernel(this, "a RecordingLibc around the system's kernel");
    private final DirectorySyncs directorySyncs;
    private final Predicate<String> segmentFiles;
    private final Map<String, SinceSync> sinceSync = new HashMap<>();
    private final List<Op> ops = new ArrayList<>();
    private final Map<Integer, Tracked> fds = new HashMap<>();
    /** The names of each tracked directory as they are now (everything applied). */
    private final Map<String, Map<String, Integer>> names = new HashMap<>();
    private final List<String> unsupported = new ArrayList<>();
    private int nextInode = 1;
    private int droppedDirectorySyncs;

    /**
     * A recorder around the system's calls.
     *
     * @param directorySyncs which directory syncs to drop
     * @param segmentFiles the names of segment and index files (the unlinks {@code DROP_AFTER_DELETES} counts)
     */
    public RecordingLibc(DirectorySyncs directorySyncs, Predicate<String> segmentFiles) {
        this.delegate = Kernel.system().libc();
        this.directorySyncs = directorySyncs;
        this.segmentFiles = segmentFiles;
    }

    /**
     * Makes a file that is already in {@code dir} known, as if the recorder had seen it created (and
     * its creation were durable); returns the inode the recorder gives it.
     */
    public synchronized int adopt(String dir, String name) {
        Map<String, Integer> entries = names.computeIfAbsent(dir, k -> new HashMap<>());
        if (entries.containsKey(name)) {
            throw new IllegalArgumentException(name + " is already known in " + dir);
        }
        int inode = nextInode++;
        entries.put(name, inode);
        return inode;
    }

    /** {@return the kernel that records: open the log under test with it} */
    public Kernel kernel() {
        return kernel;
    }

    private SinceSync sinceSync(String dir) {
        return sinceSync.computeIfAbsent(dir, k -> new SinceSync());
    }

    public synchronized List<Op> ops() {
        return List.copyOf(ops);
    }

    public synchronized List<String> unsupported() {
        return List.copyOf(unsupported);
    }

    public synchronized int droppedDirectorySyncs() {
        return droppedDirectorySyncs;
    }

    /** Records an acknowledgement (call it from a {@link Log#onDurable} listener). */
    public synchronized void ack(long durableOffset) {
        ops.add(new Ack(durableOffset));
    }

    // ---- calls that open, change or sync tracked files ----

    @Override
    public synchronized int open(MemorySegment path, int flags, int mode) {
        int fd = delegate.open(path, flags, mode);
        if (fd >= 0) {
            fds.remove(fd);
            if ((flags & Linux.O_DIRECTORY()) != 0) {
                String p = path.getString(0);
                fds.put(fd, new DirFd(p));
                names.computeIfAbsent(p, k -> new HashMap<>());
            }
        }
        return fd;
    }

    @Override
    public synchronized int openat(int dirfd, MemorySegment path, int flags, int mode) {
        int fd = delegate.openat(dirfd, path, flags, mode);
        opened(fd, dirfd, path.getString(0), flags);
        return fd;
    }

    @Override
    public synchronized int openat2(int dirfd, MemorySegment path, MemorySegment how, long size) {
        int fd = delegate.openat2(dirfd, path, how, size);
        opened(fd, dirfd, path.getString(0), (int) open_how.flags(how));
        return fd;
    }

    private void opened(int fd, int dirfd, String name, int flags) {
        if (fd < 0) {
            return;
        }
        fds.remove(fd);
        if (!(fds.get(dirfd) instanceof DirFd(String dir))) {
            return;
        }
        if (name.contains("/")) {
            unsupported.add("open of a nested name " + name);
            return;
        }
        Map<String, Integer> entries = names.get(dir);
        Integer inode = entries.get(name);
        if (inode == null) {
            if ((flags & Linux.O_CREAT()) == 0) {
                unsupported.add("open of " + name + ", which the recorder never saw created");
                return;
            }
            inode = nextInode++;
            entries.put(name, inode);
            ops.add(new Create(dir, name, inode));
            sinceSync(dir).other = true;
        } else if ((flags & Linux.O_TRUNC()) != 0 && (flags & (Linux.O_WRONLY() | Linux.O_RDWR())) != 0) {
            ops.add(new Truncate(inode, 0));
        }
        fds.put(fd, new FileFd(inode));
    }

    @Override
    public synchronized int close(int fd) {
        int result = delegate.close(fd);
        fds.remove(fd);
        return result;
    }

    @Override
    public synchronized long write(int fd, MemorySegment buf, long count) {
        if (fds.get(fd) instanceof FileFd) {
            unsupported.add("write(2) at the file position");
        }
        return delegate.write(fd, buf, count);
    }

    @Override
    public synchronized long pwrite(int fd, MemorySegment buf, long count, long offset) {
        long n = delegate.pwrite(fd, buf, count, offset);
        if (n > 0 && fds.get(fd) instanceof FileFd(int inode)) {
            ops.add(new Write(inode, offset, buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE)));
        }
        return n;
    }

    @Override
    public synchronized long pwritev2(int fd, MemorySegment iov, int iovcnt, long offset, int flags) {
        long n = delegate.pwritev2(fd, iov, iovcnt, offset, flags);
        if (n > 0 && fds.get(fd) instanceof FileFd(int inode)) {
            if (offset < 0) {
                unsupported.add("pwritev2 at the file position");
                return n;
            }
            byte[] bytes = new byte[(int) n];
            int done = 0;
            MemorySegment array = iov.reinterpret(iovcnt * iovec.sizeof());
            for (int i = 0; i < iovcnt && done < n; i++) {
                MemorySegment entry = iovec.asSlice(array, i);
                long len = Math.min(iovec.iov_len(entry), n - done);
                MemorySegment.copy(iovec.iov_base(entry).reinterpret(len), ValueLayout.JAVA_BYTE, 0, bytes, done,
                        (int) len);
                done += (int) len;
            }
            ops.add(new Write(inode, offset, bytes));
        }
        return n;
    }

    @Override
    public synchronized int ftruncate(int fd, long length) {
        int result = delegate.ftruncate(fd, length);
        if (result == 0 && fds.get(fd) instanceof FileFd(int inode)) {
            ops.add(new Truncate(inode, length));
        }
        return result;
    }

    @Override
    public synchronized int fallocate(int fd, int mode, long offset, long length) {
        int result = delegate.fallocate(fd, mode, offset, length);
        if (result == 0 && fds.get(fd) instanceof FileFd(int inode)) {
            if (mode == 0) {
                ops.add(new Extend(inode, offset + length));
            } else if (mode != Linux.FALLOC_FL_KEEP_SIZE()) {
                unsupported.add("fallocate mode 0x" + Integer.toHexString(mode));
            }
        }
        return result;
    }

    @Override
    public synchronized int fsync(int fd) {
        Tracked t = fds.get(fd);
        if (t instanceof DirFd(String dir)) {
            SinceSync since = sinceSync(dir);
            boolean onlyDeletes = since.segmentUnlinks > 0 && !since.other;
            if (directorySyncs == DirectorySyncs.DROP_ALL
                    || (directorySyncs == DirectorySyncs.DROP_AFTER_DELETES && onlyDeletes)) {
                droppedDirectorySyncs++;
                return 0;
            }
        }
        int result = delegate.fsync(fd);
        if (result == 0) {
            synced(t);
            if (t instanceof DirFd(String dir)) {
                sinceSync.remove(dir);
            }
        }
        return result;
    }

    @Override
    public synchronized int fdatasync(int fd) {
        int result = delegate.fdatasync(fd);
        if (result == 0) {
            synced(fds.get(fd));
        }
        return result;
    }

    private void synced(Tracked t) {
        switch (t) {
            case DirFd(String dir) -> ops.add(new SyncDir(dir));
            case FileFd(int inode) -> ops.add(new SyncFile(inode));
            case null -> {
            }
        }
    }

    @Override
    public synchronized int renameat(int oldDirfd, MemorySegment oldPath, int newDirfd, MemorySegment newPath) {
        int result = delegate.renameat(oldDirfd, oldPath, newDirfd, newPath);
        if (result == 0 && fds.get(oldDirfd) instanceof DirFd(String dir)) {
            String from = oldPath.getString(0);
            String to = newPath.getString(0);
            if (!(fds.get(newDirfd) instanceof DirFd(String other)) || !other.equals(dir)) {
                unsupported.add("rename across directories");
            } else {
                Map<String, Integer> entries = names.get(dir);
                Integer inode = entries.remove(from);
                if (inode == null) {
                    unsupported.add("rename of " + from + ", which the recorder never saw created");
                } else {
                    entries.put(to, inode);
                    ops.add(new Rename(dir, from, to));
                    sinceSync(dir).other = true;
                }
            }
        }
        return result;
    }

    @Override
    public synchronized int unlinkat(int dirfd, MemorySegment path, int flags) {
        int result = delegate.unlinkat(dirfd, path, flags);
        if (result == 0 && fds.get(dirfd) instanceof DirFd(String dir)) {
            String name = path.getString(0);
            names.get(dir).remove(name);
            ops.add(new Unlink(dir, name));
            if (segmentFiles.test(name)) {
                sinceSync(dir).segmentUnlinks++;
            } else {
                sinceSync(dir).other = true;
            }
        }
        return result;
    }

    @Override
    public synchronized int mkdirat(int dirfd, MemorySegment path, int mode) {
        int result = delegate.mkdirat(dirfd, path, mode);
        if (result == 0 && fds.get(dirfd) instanceof DirFd) {
            unsupported.add("mkdirat in a tracked directory");
        }
        return result;
    }

    // ---- calls that change nothing a power loss could keep: forwarded as they are ----
    // (sync_file_range starts or waits for write-back but is no durability point: no metadata, no
    // device flush; msync concerns mappings, which the simulator does not use)

    @Override
    public long read(int fd, MemorySegment buf, long count) {
        return delegate.read(fd, buf, count);
    }

    @Override
    public long pread(int fd, MemorySegment buf, long count, long offset) {
        return delegate.pread(fd, buf, count, offset);
    }

    @Override
    public long preadv2(int fd, MemorySegment iov, int iovcnt, long offset, int flags) {
        return delegate.preadv2(fd, iov, iovcnt, offset, flags);
    }

    @Override
    public long lseek(int fd, long offset, int whence) {
        return delegate.lseek(fd, offset, whence);
    }

    @Override
    public int fstat(int fd, MemorySegment stat) {
        return delegate.fstat(fd, stat);
    }

    @Override
    public int posixFadvise(int fd, long offset, long length, int advice) {
        return delegate.posixFadvise(fd, offset, length, advice);
    }

    @Override
    public long readahead(int fd, long offset, long count) {
        return delegate.readahead(fd, offset, count);
    }

    @Override
    public int syncFileRange(int fd, long offset, long count, int flags) {
        return delegate.syncFileRange(fd, offset, count, flags);
    }

    @Override
    public long mmap(long address, long length, int prot, int flags, int fd, long offset) {
        return delegate.mmap(address, length, prot, flags, fd, offset);
    }

    @Override
    public int munmap(MemorySegment address, long length) {
        return delegate.munmap(address, length);
    }

    @Override
    public int madvise(MemorySegment address, long length, int advice) {
        return delegate.madvise(address, length, advice);
    }

    @Override
    public int msync(MemorySegment address, long length, int flags) {
        return delegate.msync(address, length, flags);
    }

    @Override
    public int mincore(MemorySegment address, long length, MemorySegment vector) {
        return delegate.mincore(address, length, vector);
    }

    @Override
    public int mlock(MemorySegment address, long length) {
        return delegate.mlock(address, length);
    }

    @Override
    public int munlock(MemorySegment address, long length) {
        return delegate.munlock(address, length);
    }

    @Override
    public long sendfile(int outFd, int inFd, MemorySegment offset, long count) {
        return delegate.sendfile(outFd, inFd, offset, count);
    }

    @Override
    public long splice(int inFd, MemorySegment inOffset, int outFd, MemorySegment outOffset, long count, int flags) {
        return delegate.splice(inFd, inOffset, outFd, outOffset, count, flags);
    }

    @Override
    public long tee(int inFd, int outFd, long count, int flags) {
        return delegate.tee(inFd, outFd, count, flags);
    }

    @Override
    public long vmsplice(int fd, MemorySegment iov, long iovcnt, int flags) {
        return delegate.vmsplice(fd, iov, iovcnt, flags);
    }

    @Override
    public int pipe2(MemorySegment fds, int flags) {
        return delegate.pipe2(fds, flags);
    }

    @Override
    public int fcntl(int fd, int cmd, int arg) {
        return delegate.fcntl(fd, cmd, arg);
    }

    @Override
    public int statx(int dirfd, MemorySegment path, int flags, int mask, MemorySegment statx) {
        return delegate.statx(dirfd, path, flags, mask, statx);
    }

    @Override
    public int cachestat(int fd, MemorySegment range, MemorySegment stat, int flags) {
        return delegate.cachestat(fd, range, stat, flags);
    }

    @Override
    public int getrlimit(int resource, MemorySegment limit) {
        return delegate.getrlimit(resource, limit);
    }

    @Override
    public int flock(int fd, int operation) {
        return delegate.flock(fd, operation);
    }
}
