package dev.sluice.log;

import dev.sluice.sys.Advice;
import dev.sluice.sys.AllocateFlag;
import dev.sluice.sys.DirectIoAlignment;
import dev.sluice.sys.Errno;
import dev.sluice.sys.KernelFeatures;
import dev.sluice.sys.MapAdvice;
import dev.sluice.sys.MappedRegion;
import dev.sluice.sys.NativeDirectory;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.NativeIOException;
import dev.sluice.sys.OpenFlag;
import dev.sluice.sys.RwFlag;
import dev.sluice.sys.SyncFlag;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Set;

/**
 * Puts batches into the active segment, the way the {@link IoMode} says, and starts them on their
 * way to disk: write-behind (every N bytes from the flusher, or bounded on the append path) and
 * drop-behind all live here, with their progress, so a roll starts them afresh. One per active segment.
 */
abstract sealed class SegmentWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentWriter.class);
    private static final Set<SyncFlag> WRITE_BACK_AND_WAIT =
            EnumSet.of(SyncFlag.WAIT_BEFORE, SyncFlag.WRITE, SyncFlag.WAIT_AFTER);
    private static final Set<SyncFlag> WRITE = EnumSet.of(SyncFlag.WRITE);
    /** Drop-behind goes in steps this large, page-aligned. */
    static final long DROP_BEHIND_STEP = 8L << 20;

    final Segment segment;
    /** Drop-behind runs on the flusher thread; it must not overlap closing the writer (and its mapping). */
    private final Object lifecycle = new Object();
    private boolean closed;
    /** Where background write-behind and drop-behind have got to in this segment (flusher thread only). */
    private long writtenBackFrom;
    private long droppedUpTo;
    /** Bounded write-behind's progress (append thread only): the window being written back, and the one before it. */
    private long boundedFrom;
    private long boundedPrevious = -1;

    SegmentWriter(Segment segment) {
        this.segment = segment;
        this.writtenBackFrom = segment.end();
        this.droppedUpTo = segment.end() / 4096 * 4096;
        this.boundedFrom = segment.end();
    }

    /**
     * @param buffer where {@link IoMode#PWRITE} stages batches, at least {@link LogConfig#maxBatchBytes()};
     *               unused by the other modes, which encode straight into their own memory (the mapping, the
     *               aligned buffer)
     */
    static SegmentWriter open(Segment segment, NativeDirectory dir, LogConfig config, MemorySegment buffer)
            throws IOException {
        return switch (config.ioMode()) {
            case PWRITE -> new Pwrite(segment, config, buffer);
            case MMAP -> new Mmap(segment, config);
            case DIRECT -> new Direct(segment, dir, config);
        };
    }

    /**
     * Where to encode the batch of {@code size} bytes that goes at {@code position} (the segment's end),
     * before {@link #write}; valid until the next call.
     */
    abstract MemorySegment stage(long position, int size);

    /** Writes the whole batch just encoded into {@link #stage}'s memory at {@code position}. */
    abstract void write(MemorySegment staged, long position) throws IOException;

    /** {@return the unit a coalesced write covers whole (1: any byte)} See {@link PendingBatches}. */
    int coalescingBlock() {
        return 1;
    }

    /** {@return the memory alignment a buffer this writer writes from needs} */
    long bufferAlignment() {
        return 4096;
    }

    /** Writes a coalescing buffer's batches at their position; see {@link CoalescedWrites}. */
    void writeCoalesced(PendingBatches pending) throws IOException {
        write(pending.all(), pending.position());
    }

    /** Starts write-back (sync_file_range WRITE) of what was written since, once it reaches {@code threshold}. */
    final void writeBehind(long threshold) throws IOException {
        synchronized (lifecycle) {
            long end = segment.end();
            if (!closed && end - writtenBackFrom >= threshold) {
                segment.file.syncRange(writtenBackFrom, end - writtenBackFrom, WRITE);
                writtenBackFrom = end;
            }
        }
    }

    /**
     * Bounded write-behind, on the append path after each batch: starts writing back each full
     * {@code window}, and waits for the one before it, so no more than about two windows are dirty.
     * Not under the lifecycle lock: appends and {@link #close()} are serialised by the log's append
     * lock, and waiting here for a background drop-behind step would put it on the append path.
     */
    final void boundWriteBehind(long window) throws IOException {
        while (segment.end() - boundedFrom >= window) {
            if (boundedPrevious >= 0) {
                segment.file.syncRange(boundedPrevious, window, WRITE_BACK_AND_WAIT);
            }
            segment.file.syncRange(boundedFrom, window, WRITE);
            boundedPrevious = boundedFrom;
            boundedFrom += window;
        }
    }

    /** Writes back and drops what the writer has left behind, a step at a time; a no-op once closed. */
    final void dropBehind() throws IOException {
        dropBehind(segment.end(), DROP_BEHIND_STEP);
    }

    /**
     * Drops the whole pages before {@code syncedEnd}, just made durable: clean pages go at once, so a
     * durability point leaves nothing behind the writer however far the background steps lag.
     */
    final void dropSynced(long syncedEnd) throws IOException {
        dropBehind(syncedEnd, 1);
    }

    private void dropBehind(long upTo, long minStep) throws IOException {
        synchronized (lifecycle) {
            long end = upTo / 4096 * 4096;
            if (!closed && end - droppedUpTo >= minStep) {
                writeBackAndDrop(droppedUpTo, end);
                droppedUpTo = end;
            }
        }
    }

    void writeBackAndDrop(long from, long to) throws IOException {
        segment.file.syncRange(from, to - from, WRITE_BACK_AND_WAIT);
        segment.file.advise(Advice.DONTNEED, from, to - from);
    }

    /** Stops writing; the file keeps exactly the segment's end bytes. Idempotent. */
    @Override
    public final void close() throws IOException {
        synchronized (lifecycle) {
            if (!closed) {
                closed = true;
                finish();
            }
        }
    }

    abstract void finish() throws IOException;

    /**
     * Reserves the segment's blocks; with {@code keepSize} without changing its size. A file system
     * without fallocate only loses the reservation, except for a mapping: stores into a mapped hole
     * on a full disk would be a SIGBUS, so MMAP needs the blocks for real.
     */
    static void preallocate(NativeFile file, long bytes, boolean keepSize) throws IOException {
        try {
            file.allocate(0, bytes, keepSize ? EnumSet.of(AllocateFlag.KEEP_SIZE) : Set.of());
        } catch (NativeIOException e) {
            if (!keepSize) {
                throw new IOException("IoMode.MMAP needs the segment's blocks reserved before it maps them: " + e.getMessage(), e);
            }
        }
    }

    /** pwrite(2); pwritev2 with RWF_DONTCACHE for {@link CacheHint#UNCACHED} where the kernel has it. */
    static final class Pwrite extends SegmentWriter {
        private final MemorySegment buffer;
        private boolean dontCache;

        Pwrite(Segment segment, LogConfig config, MemorySegment buffer) throws IOException {
            super(segment);
            this.buffer = buffer;
            this.dontCache = config.cacheHint() == CacheHint.UNCACHED && KernelFeatures.dontCache();
            if (segment.isEmpty()) {
                preallocate(segment.file, config.segmentBytes(), true);
            }
        }

        @Override
        MemorySegment stage(long position, int size) {
            return buffer.asSlice(0, size);
        }

        @Override
        void write(MemorySegment batch, long position) throws IOException {
            if (dontCache) {
                try {
                    segment.file.write(batch, position, EnumSet.of(RwFlag.DONTCACHE));
                    return;
                } catch (NativeIOException e) {
                    if (e.errno() != Errno.EOPNOTSUPP.value()) {
                        throw e;
                    }
                    dontCache = false; // this file system refuses RWF_DONTCACHE: drop-behind does the job
                }
            }
            segment.file.write(batch, position);
        }

        @Override
        void finish() throws IOException {
            // Truncating to the end even when the size already is the end: that is what gives back the
            // KEEP_SIZE preallocation past it (it stays allocated until the file is truncated), and it
            // cuts off a torn batch that a write the kernel cut short and then failed (ENOSPC, EIO,
            // EFBIG part way through a batch) left past the end, which must not be sealed into the segment.
            segment.file.truncate(segment.end());
        }
    }

    /** Copies into a shared mapping of the whole preallocated segment. */
    static final class Mmap extends SegmentWriter {
        private final MappedRegion region;

        Mmap(Segment segment, LogConfig config) throws IOException {
            super(segment);
            if (segment.file.size() < config.segmentBytes()) {
                preallocate(segment.file, config.segmentBytes(), false);
            }
            this.region = MappedRegion.map(segment.file, 0, config.segmentBytes(), MappedRegion.Access.READ_WRITE,
                    MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.SHARED);
            if (config.cacheHint() != CacheHint.KEEP) {
                // Each store's fault would otherwise read around it, caching megabytes of the
                // preallocated (zero) blocks ahead of the end that drop-behind never reaches.
                region.advise(MapAdvice.RANDOM, 0, config.segmentBytes());
            }
        }

        /**
         * The batch is encoded in place: past the published end, so no reader looks at it before it is
         * whole. The log sized this file itself and nobody else truncates it, so the raw stores are safe.
         */
        @Override
        MemorySegment stage(long position, int size) {
            return region.segment().asSlice(position, size);
        }

        @Override
        void write(MemorySegment staged, long position) {
            // already there
        }

        @Override
        void writeCoalesced(PendingBatches pending) {
            throw new IllegalStateException("coalescing needs IoMode.PWRITE or DIRECT, not MMAP");
        }

        @Override
        void writeBackAndDrop(long from, long to) throws IOException {
            region.sync(from, to - from, true);
            region.advise(MapAdvice.DONTNEED, from, to - from);
            super.writeBackAndDrop(from, to);
        }

        @Override
        void finish() throws IOException {
            region.close();
            segment.file.truncate(segment.end());
        }
    }

    /**
     * O_DIRECT through its own descriptor: whole blocks, as large as the file's direct I/O alignment
     * ({@link NativeFile#directIoAlignment()}, read from the file system or device, never assumed), from
     * an aligned staging buffer that keeps the partial last block, which is written again with the next
     * batch, and into which each batch is encoded right after it. The file may hold zeros past the end
     * until {@link #close()} trims it.
     */
    static final class Direct extends SegmentWriter {
        private final NativeFile direct;
        private final DirectIoAlignment alignment;
        private final int block;
        private final Arena arena = Arena.ofShared();
        /** Where batches are staged with the partial last block before them; null when coalescing, which stages its own. */
        private final MemorySegment staging;
        /** Bytes of the partial last block held at the start of staging. */
        private int tail;
        /**
         * Bytes of staging the last write put in the file, whose partial last block moves to the start at
         * the next {@link #stage} (not before: the batch is read for the index after its write); 0: none.
         */
        private long written;

        Direct(Segment segment, NativeDirectory dir, LogConfig config) throws IOException {
            super(segment);
            if (segment.isEmpty()) {
                preallocate(segment.file, config.segmentBytes(), true);
            }
            this.direct = openDirect(segment, dir);
            try {
                this.alignment = direct.directIoAlignment();
                this.block = alignment.offset();
                LOG.debug("{}: O_DIRECT in blocks of {} bytes, buffers aligned to {} ({})", segment.file.path(), block,
                        alignment.memory(), alignment.source());
                if (config.coalescing().isOn()) {
                    this.staging = null;
                } else {
                    this.staging = arena.allocate(config.maxBatchBytes() + 2L * block, bufferAlignment());
                    long end = segment.end();
                    tail = (int) (end % block);
                    if (tail > 0) {
                        segment.file.readFully(staging.asSlice(0, tail), end - tail);
                    }
                }
            } catch (IOException | RuntimeException e) {
                try (direct; arena) {
                    throw e;
                }
            }
        }

        /** EINVAL from open with O_DIRECT means the file system has no direct I/O; say so, not just "EINVAL". */
        private static NativeFile openDirect(Segment segment, NativeDirectory dir) throws IOException {
            try {
                return dir.openFile(segment.name, EnumSet.of(OpenFlag.WRITE, OpenFlag.DIRECT), NativeFile.DEFAULT_PERMISSIONS);
            } catch (NativeIOException e) {
                if (e.errno() != Errno.EINVAL.value()) {
                    throw e;
                }
                throw new IOException("IoMode.DIRECT: the file system of " + dir.path() + " does not support O_DIRECT "
                        + "(open gave EINVAL); use IoMode.PWRITE there (" + e.getMessage() + ")", e);
            }
        }

        /** The alignment this writer uses, for tests and messages. */
        DirectIoAlignment alignment() {
            return alignment;
        }

        @Override
        MemorySegment stage(long position, int size) {
            if (written > 0) {
                int newTail = (int) (written % block);
                if (newTail > 0) {
                    MemorySegment.copy(staging, written - newTail, staging, 0, newTail);
                }
                tail = newTail;
                written = 0;
            }
            return staging.asSlice(tail, size);
        }

        @Override
        void write(MemorySegment staged, long position) throws IOException {
            long filled = tail + staged.byteSize();
            long whole = (filled + block - 1) / block * block;
            staging.asSlice(filled, whole - filled).fill((byte) 0);
            direct.write(staging.asSlice(0, whole), position - tail);
            written = filled;
        }

        @Override
        int coalescingBlock() {
            return block;
        }

        @Override
        long bufferAlignment() {
            return Math.max(block, alignment.memory());
        }

        @Override
        void writeCoalesced(PendingBatches pending) throws IOException {
            direct.write(pending.blocks(), pending.blocksStart());
        }

        @Override
        void writeBackAndDrop(long from, long to) {
            // O_DIRECT writes leave nothing in the page cache
        }

        @Override
        void finish() throws IOException {
            try (direct; arena) {
                segment.file.truncate(segment.end());
            }
        }
    }
}
