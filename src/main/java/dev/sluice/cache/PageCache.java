package dev.sluice.cache;

import dev.sluice.sys.CacheStat;
import dev.sluice.sys.Errno;
import dev.sluice.sys.FileStatus;
import dev.sluice.sys.KernelFeatures;
import dev.sluice.sys.MapAdvice;
import dev.sluice.sys.MappedRegion;
import dev.sluice.sys.NativeError;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.NativeIOException;
import dev.sluice.sys.OpenFlag;
import dev.sluice.sys.SyncFlag;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * See and steer what the kernel caches for a file: residency, a per-page map, warm, evict and lock.
 * Ranges are {@code (offset, length)} in bytes, widened to whole pages; a length of 0 means to the
 * end of the file. Only regular files have a page cache to steer; anything else is refused.
 */
public final class PageCache {
    /** Windows kept in flight ahead of the one being waited for when warming. */
    private static final int WINDOWS_AHEAD = 4;
    /** Eviction goes in steps this large, so progress can be shown and write-back stays bounded. */
    private static final long EVICT_STEP = 64L << 20;

    private PageCache() {
    }

    /**
     * Residency of the whole file, as {@link #residency(NativeFile, long, long)}.
     *
     * @param path a regular file
     * @return how much of it is cached
     * @throws IOException if the path is not a regular file, cannot be opened, or a call fails
     */
    public static Residency residency(Path path) throws IOException {
        return residency(path, 0, 0);
    }

    /**
     * Residency of a range of a file, as {@link #residency(NativeFile, long, long)}.
     *
     * @param path a regular file
     * @param offset the range's start in bytes
     * @param length the range's length in bytes, 0 for to the end of the file
     * @return how much of the range is cached
     * @throws IOException if the path is not a regular file, cannot be opened, or a call fails
     */
    public static Residency residency(Path path, long offset, long length) throws IOException {
        try (NativeFile file = openRegular(path)) {
            return residency(file, offset, length);
        }
    }

    /**
     * Residency of a range of an open file: cachestat(2) where the kernel has it, mincore(2) over a
     * temporary mapping otherwise, or where cachestat refuses the file (EPERM).
     *
     * @param file an open regular file
     * @param offset the range's start in bytes
     * @param length the range's length in bytes, 0 for to the end of the file
     * @return how much of the range is cached, and where the counts came from
     * @throws IOException if the file is not a regular file or a call fails
     */
    public static Residency residency(NativeFile file, long offset, long length) throws IOException {
        FileStatus status = requireRegular(file);
        FileRange range = FileRange.of(offset, length, status.size(), KernelFeatures.pageSize());
        if (KernelFeatures.cachestat()) {
            try {
                CacheStat stat = range.length() == 0 ? new CacheStat(0, 0, 0, 0, 0)
                        : file.cacheStat(range.start(), range.length());
                return new Residency(file.path(), status.size(), range.pageSize(), range.pages(), stat.cached(),
                        stat.dirty(), stat.writeback(), stat.evicted(), stat.recentlyEvicted(),
                        Residency.Source.CACHESTAT, false);
            } catch (NativeError.AccessDenied e) {
                // cachestat refuses (EPERM) files the caller may not write and does not own; mincore
                // answers, though it reports such files fully resident (overReported says so)
            }
        }
        return residencyByMincore(file, status, range);
    }

    /**
     * Residency by mincore(2) over a temporary mapping, whatever the kernel has (for comparison;
     * cachestat is cheaper).
     *
     * @param file an open regular file
     * @param offset the range's start in bytes
     * @param length the range's length in bytes, 0 for to the end of the file
     * @return the cached pages of the range (the other counts are -1)
     * @throws IOException if the file is not a regular file, or mmap or mincore fails
     */
    public static Residency residencyByMincore(NativeFile file, long offset, long length) throws IOException {
        FileStatus status = requireRegular(file);
        return residencyByMincore(file, status, FileRange.of(offset, length, status.size(), KernelFeatures.pageSize()));
    }

    private static Residency residencyByMincore(NativeFile file, FileStatus status, FileRange range) throws IOException {
        long cached = mincore(file, range).cardinality();
        return new Residency(file.path(), status.size(), range.pageSize(), range.pages(), cached, -1, -1, -1, -1,
                Residency.Source.MINCORE, !Files.isWritable(Path.of(file.path())));
    }

    /**
     * Which pages of the range are cached, by mincore(2) over a temporary mapping.
     *
     * @param path a regular file
     * @param offset the range's start in bytes
     * @param length the range's length in bytes, 0 for to the end of the file
     * @return the page map
     * @throws IOException if the path is not a regular file, or a call fails
     */
    public static PageMap pageMap(Path path, long offset, long length) throws IOException {
        try (NativeFile file = openRegular(path)) {
            FileStatus status = requireRegular(file);
            FileRange range = FileRange.of(offset, length, status.size(), KernelFeatures.pageSize());
            return new PageMap(file.path(), range.pageSize(), range.start() / range.pageSize(), range.pages(),
                    mincore(file, range));
        }
    }

    private static BitSet mincore(NativeFile file, FileRange range) throws IOException {
        if (range.length() == 0) {
            return new BitSet();
        }
        try (MappedRegion region = MappedRegion.map(file, range.start(), range.length(),
                MappedRegion.Access.READ_ONLY, MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.CONFINED)) {
            return region.residentPages();
        }
    }

    /**
     * Brings the range into the page cache and returns once it is there: readahead(2) one read-ahead
     * window at a time (one call caches at most a window), a few windows ahead of a
     * MADV_POPULATE_READ that waits for each window in turn without copying it (before Linux 5.14,
     * reads through the window instead).
     *
     * @param path a regular file
     * @param offset the range's start in bytes
     * @param length the range's length in bytes, 0 for to the end of the file
     * @param progress told the bytes done after each window
     * @return the residency afterwards
     * @throws IOException if the path is not a regular file, or a call fails
     */
    public static Residency warm(Path path, long offset, long length, Progress progress) throws IOException {
        try (NativeFile file = openRegular(path)) {
            return warm(file, offset, length, progress);
        }
    }

    /**
     * {@link #warm(Path, long, long, Progress)} on an open file.
     *
     * @param file an open regular file
     * @param offset the range's start in bytes
     * @param length the range's length in bytes, 0 for to the end of the file
     * @param progress told the bytes done after each window
     * @return the residency afterwards
     * @throws IOException if the file is not a regular file, or a call fails
     */
    public static Residency warm(NativeFile file, long offset, long length, Progress progress) throws IOException {
        FileStatus status = requireRegular(file);
        FileRange range = FileRange.of(offset, length, status.size(), KernelFeatures.pageSize());
        long window = file.readAheadWindow();
        // only a part of the file can be overshot by the kernel's read-around: a whole file keeps it
        boolean exactly = range.start() > 0 || range.end() < status.size();
        long prefetched = range.start();
        for (long at = range.start(); at < range.end(); at += window) {
            long horizon = Math.min(range.end(), at + (WINDOWS_AHEAD + 1) * window);
            for (; prefetched < horizon; prefetched += window) {
                file.readahead(prefetched, Math.min(window, range.end() - prefetched));
            }
            long n = Math.min(window, range.end() - at);
            waitUntilCached(file, at, n, exactly);
            progress.update(at + n - range.start(), range.length());
        }
        return residency(file, offset, length);
    }

    /**
     * {@link #warm(Path, long, long, Progress)} on {@code executor}.
     *
     * @param path a regular file
     * @param offset the range's start in bytes
     * @param length the range's length in bytes, 0 for to the end of the file
     * @param executor where the warming runs
     * @return a future of the residency afterwards; it fails with a {@link CompletionException} around the IOException
     */
    public static CompletableFuture<Residency> warmAsync(Path path, long offset, long length, Executor executor) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return warm(path, offset, length, Progress.NONE);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    /** Faults the pages in; {@code exactly}: no more than them (else the kernel's read-around may add some). */
    private static void waitUntilCached(NativeFile file, long offset, long length, boolean exactly) throws IOException {
        try (MappedRegion region = MappedRegion.map(file, offset, length, MappedRegion.Access.READ_ONLY,
                MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.CONFINED)) {
            if (exactly) {
                // readahead(2) has asked for exactly these pages; without MADV_RANDOM a fault on the mapping
                // also reads around it, a whole read-ahead window (8 MiB on some disks) past the range
                region.advise(MapAdvice.RANDOM, 0, length);
            }
            region.advise(MapAdvice.POPULATE_READ, 0, length);
        } catch (NativeIOException e) {
            if (e.errno() != Errno.EINVAL.value()) {
                throw e;
            }
            readThrough(file, offset, length); // MADV_POPULATE_READ needs Linux 5.14
        }
    }

    private static void readThrough(NativeFile file, long offset, long length) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(Math.min(length, 1 << 20));
            for (long at = offset; at < offset + length; ) {
                long n = file.read(buffer.asSlice(0, Math.min(buffer.byteSize(), offset + length - at)), at);
                if (n == 0) {
                    return;
                }
                at += n;
            }
        }
    }

    /**
     * Drops the range from the page cache for every process: writes dirty pages back first
     * (sync_file_range WAIT_BEFORE|WRITE|WAIT_AFTER, as DONTNEED skips dirty pages), then
     * POSIX_FADV_DONTNEED, in 64 MiB steps. Pages mapped or locked by a process stay; the report says which.
     *
     * @param path a regular file
     * @param offset the range's start in bytes
     * @param length the range's length in bytes, 0 for to the end of the file
     * @param progress told the bytes done after each step
     * @return the residency before and after, and why pages stayed
     * @throws IOException if the path is not a regular file, or a call fails
     */
    public static EvictionReport evict(Path path, long offset, long length, Progress progress) throws IOException {
        try (NativeFile file = openRegular(path)) {
            FileStatus status = requireRegular(file);
            Residency before = residency(file, offset, length);
            FileRange range = FileRange.of(offset, length, status.size(), KernelFeatures.pageSize());
            EnumSet<SyncFlag> writeBack = EnumSet.of(SyncFlag.WAIT_BEFORE, SyncFlag.WRITE, SyncFlag.WAIT_AFTER);
            for (long at = range.start(); at < range.end(); at += EVICT_STEP) {
                long n = Math.min(EVICT_STEP, range.end() - at);
                file.syncRange(at, n, writeBack);
                file.advise(dev.sluice.sys.Advice.DONTNEED, at, n);
                progress.update(at + n - range.start(), range.length());
            }
            Residency after = residency(file, offset, length);
            return new EvictionReport(before, after, after.cachedPages() == 0 ? List.of() : reasons(status, path, after));
        }
    }

    private static List<String> reasons(FileStatus status, Path path, Residency after) {
        List<String> reasons = new ArrayList<>();
        if (after.dirtyPages() > 0) {
            reasons.add(after.dirtyPages() + " pages are dirty (written during the eviction)");
        }
        for (Mappers.Mapper m : Mappers.of(status, path)) {
            reasons.add("mapped by pid " + m.pid() + " (" + m.command() + "): " + m.mappedKib() + " KiB resident"
                    + (m.lockedKib() > 0 ? ", " + m.lockedKib() + " KiB locked" : ""));
        }
        if (reasons.isEmpty()) {
            reasons.add(after.cachedPages() + " pages in use by the kernel (being read or written)");
        }
        return reasons;
    }

    /**
     * Holds the range in memory (mmap + mlock) until the returned range is closed. Fails with an
     * explanation of RLIMIT_MEMLOCK when the kernel refuses.
     *
     * @param path a regular file
     * @param offset the range's start in bytes
     * @param length the range's length in bytes, 0 for to the end of the file
     * @return the locked range; close it to unlock and unmap
     * @throws IllegalArgumentException if the range holds no bytes
     * @throws IOException if the path is not a regular file, or mmap or mlock fails
     */
    public static LockedRange lock(Path path, long offset, long length) throws IOException {
        NativeFile file = openRegular(path);
        try {
            FileStatus status = requireRegular(file);
            FileRange range = FileRange.of(offset, length, status.size(), KernelFeatures.pageSize());
            if (range.length() == 0) {
                throw new IllegalArgumentException("nothing to lock: " + path + " has no bytes in that range");
            }
            MappedRegion region = MappedRegion.map(file, range.start(), range.length(), MappedRegion.Access.READ_ONLY,
                    MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.SHARED);
            try {
                region.lock();
                return new LockedRange(file, region);
            } catch (IOException | RuntimeException e) {
                region.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Opens a path for page-cache work, refusing what has no page cache before opening it (a FIFO would block). */
    private static NativeFile openRegular(Path path) throws IOException {
        if (!Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).isRegularFile()) {
            throw new IOException(path + ": not a regular file");
        }
        return NativeFile.open(path, EnumSet.of(OpenFlag.READ, OpenFlag.NONBLOCK));
    }

    private static FileStatus requireRegular(NativeFile file) throws IOException {
        FileStatus status = file.status();
        if (status.type() != FileStatus.Type.REGULAR) {
            throw new IOException(file.path() + ": not a regular file (" + status.type().name().toLowerCase() + ")");
        }
        return status;
    }
}
