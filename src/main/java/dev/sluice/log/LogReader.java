package dev.sluice.log;

import dev.sluice.cache.PageCache;
import dev.sluice.sys.Advice;
import dev.sluice.sys.Errno;
import dev.sluice.sys.NativeIOException;
import dev.sluice.sys.Fd;
import dev.sluice.sys.KernelFeatures;
import dev.sluice.sys.MappedRegion;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;
import dev.sluice.sys.RwFlag;

import dev.sluice.transfer.FileTransfer;
import dev.sluice.transfer.TransferPath;
import dev.sluice.transfer.TransferResult;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * Reads records from a log, from any offset, while the writer appends. Each reader opens the
 * segments through descriptors of its own, so its read-ahead and cache hints never touch other
 * readers. Not thread-safe: one reader per thread.
 */
public final class LogReader implements AutoCloseable {
    private static final int CHUNK_BYTES = 256 * 1024;
    private static final long DROP_BEHIND_STEP = 8L << 20;

    private final Log log;
    private final ReaderConfig config;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer;
    private final MemorySegment headerBuffer;
    /** The part of the current segment that {@link #buffer} holds, so small polls do not read it again. */
    private long bufferedFrom;
    private long bufferedTo;
    private boolean dontCache;
    private final SegmentReadAhead readAhead;

    private FileTransfer transfer;
    private Segment segment;
    private NativeFile file;
    private MappedRegion mapping;
    /** Position of the batch holding {@link #nextOffset}, and that batch's base offset. */
    private long position;
    private long batchOffset;
    private long nextOffset;
    private long droppedUpTo;

    LogReader(Log log, ReaderConfig config, long offset) throws IOException {
        this.log = log;
        this.config = config;
        this.buffer = arena.allocate(Math.max(CHUNK_BYTES, log.config().maxBatchBytes()), 4096);
        this.headerBuffer = arena.allocate(Batch.HEADER_BYTES);
        this.dontCache = config.cacheHint() == CacheHint.UNCACHED && KernelFeatures.dontCache();
        this.readAhead = new SegmentReadAhead(config.readAhead());
        seek(offset);
    }

    /** {@return the offset of the next record {@link #poll} returns} */
    public long nextOffset() {
        return nextOffset;
    }

    /**
     * The base offset of the batch holding {@link #nextOffset()}: where {@link #transferTo}, which
     * sends whole batches, starts from there.
     *
     * @return the base offset of the cursor's batch
     */
    public long batchOffset() {
        return batchOffset;
    }

    /**
     * Moves the cursor to {@code offset}.
     *
     * @param offset the next record to read, in [{@link Log#startOffset()}, {@link Log#endOffset()}]
     * @throws IllegalArgumentException if {@code offset} is outside the log
     * @throws IOException if the segment cannot be opened or read
     */
    public void seek(long offset) throws IOException {
        List<Segment> segments = log.segmentList();
        long start = log.startOffset(); // never before this snapshot's first segment: the list only loses its front
        long end = segments.getLast().nextOffset();
        if (offset < start || offset > end) {
            throw new IllegalArgumentException("offset " + offset + " is outside the log [" + start + ", " + end + "]");
        }
        Segment target = segments.getFirst();
        for (Segment s : segments) {
            if (s.baseOffset <= offset) {
                target = s;
            }
        }
        open(target);
        position = target.index.floorPosition(offset);
        batchOffset = target.index.floorOffset(offset, target.baseOffset);
        nextOffset = offset;
        skipBatchesBefore(offset);
    }

    /** Moves past whole batches that end at or before {@code offset}, reading only their headers. */
    private void skipBatchesBefore(long offset) throws IOException {
        while (position < segment.end()) {
            Batch.Header h = readHeader(position);
            if (h.nextOffset() > offset) {
                return;
            }
            position = h.end();
            batchOffset = h.nextOffset();
        }
    }

    /**
     * Reads up to {@code maxRecords} records from the cursor on, payloads copied, CRC-checked. Does not wait.
     *
     * @param maxRecords the most records to return, more than 0
     * @return the records, empty at the end of the log
     * @throws IllegalArgumentException if {@code maxRecords} is not positive
     * @throws CorruptLogException if a batch fails its CRC check
     * @throws IOException if a read fails, or retention deleted the records at the cursor
     */
    public List<Record> poll(int maxRecords) throws IOException {
        List<Record> out = new ArrayList<>();
        read(maxRecords, (offset, timestamp, payload) ->
                out.add(new Record(offset, timestamp, payload.toArray(ValueLayout.JAVA_BYTE))));
        return out;
    }

    /**
     * Hands up to {@code maxRecords} records from the cursor on to {@code visitor} without copying
     * them: each payload is a read-only view of the reader's buffer (or mapping), valid only until
     * the visitor returns. Every batch is CRC-checked first, as for {@link #poll(int)}. The cursor
     * moves past each record the visitor accepted; if the visitor throws, the next read starts with
     * the record it threw on.
     *
     * @param maxRecords the most records to hand over, more than 0
     * @param visitor receives each record
     * @return how many records the visitor got; 0 at the end of the log
     * @throws IllegalArgumentException if {@code maxRecords} is not positive
     * @throws CorruptLogException if a batch fails its CRC check
     * @throws IOException if a read fails, retention deleted the records at the cursor, or the visitor threw it
     */
    public int read(int maxRecords, RecordVisitor visitor) throws IOException {
        if (maxRecords <= 0) {
            throw new IllegalArgumentException("maxRecords must be > 0, was " + maxRecords);
        }
        Objects.requireNonNull(visitor, "visitor");
        int count = 0;
        while (count < maxRecords && hasData()) {
            long available = segment.end() - position;
            MemorySegment chunk = buffered(position);
            if (chunk == null) {
                readAhead.before(file, segment, position);
                chunk = read(position, Math.min(buffer.byteSize(), available));
            }
            long n = chunk.byteSize();
            long at = 0;
            while (at + Batch.HEADER_BYTES <= n && count < maxRecords) {
                Batch.Header h = Batch.header(chunk.asSlice(at), position);
                String problem = Batch.headerProblem(h, batchOffset, available, log.config().maxBatchBytes());
                if (problem == null && at + h.size() <= n) {
                    problem = Batch.bodyProblem(chunk.asSlice(at, h.size()));
                } else if (problem == null) {
                    break; // the rest of this batch is in the next chunk
                }
                if (problem != null) {
                    throw new CorruptLogException(segment.name, position, problem);
                }
                count += Batch.visit(chunk.asSlice(at, h.size()), nextOffset, maxRecords - count,
                        (offset, timestamp, payload) -> {
                            visitor.accept(offset, timestamp, payload);
                            nextOffset = offset + 1;
                        });
                if (nextOffset < h.nextOffset()) {
                    break; // stopped inside the batch; the next poll reads it again from its start
                }
                at += h.size();
                available -= h.size();
                position += h.size();
                batchOffset = h.nextOffset();
            }
            dropBehind();
        }
        return count;
    }

    /**
     * Like {@link #poll(int)}, but at the end of the log waits up to {@code timeout} for the writer
     * to append (without spinning).
     *
     * @param maxRecords the most records to return, more than 0
     * @param timeout how long to wait for an append at the end of the log
     * @return the records, empty if none came in time
     * @throws IOException as {@link #poll(int)}
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public List<Record> poll(int maxRecords, Duration timeout) throws IOException, InterruptedException {
        List<Record> records = poll(maxRecords);
        if (records.isEmpty() && log.awaitAppend(nextOffset, timeout.toNanos())) {
            records = poll(maxRecords);
        }
        return records;
    }

    /**
     * Sends stored batches to {@code target} as they are on disk, starting with the batch that holds
     * {@code fromOffset}: whole batches only, as many as fit in {@code maxBytes} (at least one), and
     * never past the end of a segment. By sendfile, splice through a reused pipe, or copying, as
     * {@link ReaderConfig#transferPath()} prefers; the target must be a blocking descriptor.
     *
     * @param target a blocking descriptor: socket, pipe or file
     * @param fromOffset the first record to send (the cursor moves there first if it is elsewhere)
     * @param maxBytes the most bytes to send, more than 0 (one batch goes even if it is larger)
     * @return the bytes sent, the path they took, and the offset to continue from; 0 bytes at the end
     * @throws IllegalArgumentException if {@code maxBytes} is not positive or {@code fromOffset} is outside the log
     * @throws IOException if a read or the send fails (e.g. the peer closed the socket)
     */
    public LogTransfer transferTo(Fd target, long fromOffset, long maxBytes) throws IOException {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be > 0, was " + maxBytes);
        }
        if (fromOffset != nextOffset) {
            seek(fromOffset);
        }
        if (transfer == null) {
            transfer = FileTransfer.using(config.transferPath());
        }
        if (!hasData()) {
            return new LogTransfer(0, transfer.preferred(), nextOffset);
        }
        Segment.Tail tail = segment.tail();
        long start = position;
        long limit = Math.min(tail.end(), start + maxBytes);
        long end;
        long endOffset;
        long indexed = segment.index.boundaryAtMost(start, limit);
        if (limit == tail.end()) {
            end = tail.end();
            endOffset = tail.nextOffset();
        } else if (indexed > 0) {
            end = indexed;
            endOffset = segment.index.offsetAt(indexed);
        } else {
            Batch.Header h = readHeader(start);
            end = h.end();
            endOffset = h.nextOffset();
            while (end < limit) {
                Batch.Header next = readHeader(end);
                if (next.end() > limit) {
                    break;
                }
                end = next.end();
                endOffset = next.nextOffset();
            }
        }
        readAhead.before(file, segment, start);
        TransferResult sent = transfer.transfer(file, start, end - start, target);
        position = end;
        batchOffset = endOffset;
        nextOffset = endOffset;
        dropBehind();
        return new LogTransfer(sent.bytes(), sent.path(), endOffset);
    }

    /**
     * {@return the bytes {@link #transferTo} has sent by {@code path}, over this reader's life}
     *
     * @param path sendfile, splice or copy
     */
    public long bytesSent(TransferPath path) {
        return transfer == null ? 0 : transfer.bytes(path);
    }

    /** Whether a batch starts at the cursor, moving to the next segment at the end of a sealed one. */
    private boolean hasData() throws IOException {
        while (true) {
            // Sealed first, then the end: a segment's end is final once it is sealed, so an end read
            // after seeing it sealed is the last one. Read the other way round, a batch appended and
            // sealed in between would be skipped.
            boolean sealed = segment.isSealed();
            if (position < segment.end()) {
                return true;
            }
            log.raceHooks().readerAtEnd(segment);
            Segment next = sealed ? log.segmentAfter(segment) : null;
            if (next == null) {
                return false;
            }
            if (next.baseOffset != segment.nextOffset()) {
                // retention deleted the segments in between while this reader was still in an older one
                throw new IOException("offsets " + segment.nextOffset() + " to " + (next.baseOffset - 1)
                        + " were deleted by retention; seek to " + log.startOffset() + " or later");
            }
            open(next);
            position = 0;
            batchOffset = next.baseOffset;
        }
    }

    private void open(Segment target) throws IOException {
        if (target == segment) {
            return;
        }
        closeSegment();
        try {
            file = log.directory().openFile(target.name, EnumSet.of(OpenFlag.READ), NativeFile.DEFAULT_PERMISSIONS);
        } catch (NoSuchFileException e) {
            Segment after = log.segmentAfter(target); // retention deletes oldest first: those after it may be there
            long start = Math.max(log.startOffset(), after == null ? target.nextOffset() : after.baseOffset);
            throw new IOException("segment " + target.name + " was deleted by retention; seek to " + start
                    + " or later", e);
        }
        segment = target;
        droppedUpTo = 0;
        bufferedFrom = 0;
        bufferedTo = 0;
        switch (config.readAhead().kind()) {
            case SEQUENTIAL -> file.advise(Advice.SEQUENTIAL, 0, 0);
            case RANDOM -> file.advise(Advice.RANDOM, 0, 0);
            default -> {
            }
        }
        readAhead.opened(file);
    }

    /**
     * What the buffer already holds from {@code at} on, if that includes the whole batch starting
     * there; null otherwise.
     */
    private MemorySegment buffered(long at) {
        if (at < bufferedFrom || bufferedTo - at < Batch.HEADER_BYTES) {
            return null;
        }
        MemorySegment held = buffer.asSlice(at - bufferedFrom, bufferedTo - at);
        long size = Batch.header(held, at).size();
        return size > 0 && size <= held.byteSize() ? held : null;
    }

    /** {@code n} bytes at {@code at}, through the policy's path: mapping, RWF_DONTCACHE or pread. */
    private MemorySegment read(long at, long n) throws IOException {
        if (config.readAhead().kind() == ReadAhead.Kind.MMAP_POPULATE) {
            long end = segment.end();
            if (mapping == null || mapping.segment().byteSize() < at + n) {
                if (mapping != null) {
                    mapping.close();
                }
                mapping = MappedRegion.map(file, 0, end, MappedRegion.Access.READ_ONLY, true, MappedRegion.Sharing.SHARED);
            }
            return mapping.segment().asSlice(at, n);
        }
        MemorySegment dst = buffer.asSlice(0, n);
        bufferedFrom = at;
        bufferedTo = at; // until the read below succeeds
        if (dontCache) {
            try {
                readUncached(dst, at);
                bufferedTo = at + n;
                return dst;
            } catch (NativeIOException e) {
                if (e.errno() != Errno.EOPNOTSUPP.value()) {
                    throw e;
                }
                dontCache = false; // this file system refuses RWF_DONTCACHE: drop-behind does the job
            }
        }
        file.readFully(dst, at);
        bufferedTo = at + n;
        return dst;
    }

    private void readUncached(MemorySegment dst, long at) throws IOException {
        long done = 0;
        while (done < dst.byteSize()) {
            long got = file.read(dst.asSlice(done), at + done, EnumSet.of(RwFlag.DONTCACHE));
            if (got == 0) {
                throw new IOException(segment.name + " ended at " + (at + done) + " before its published end");
            }
            done += got;
        }
    }

    private Batch.Header readHeader(long at) throws IOException {
        MemorySegment bytes = headerBuffer;
        file.readFully(bytes, at);
        Batch.Header h = Batch.header(bytes, at);
        String problem = Batch.headerProblem(h, -1, segment.end() - at, log.config().maxBatchBytes());
        if (problem != null) {
            throw new CorruptLogException(segment.name, at, problem);
        }
        return h;
    }

    private void dropBehind() throws IOException {
        // UNCACHED drops behind too: RWF_DONTCACHE reads leave cached whatever read-ahead (the kernel's
        // or an explicit readahead(2)) brought in before them.
        boolean drop = config.cacheHint() != CacheHint.KEEP;
        long upTo = position / 4096 * 4096;
        if (drop && upTo - droppedUpTo >= DROP_BEHIND_STEP) {
            file.advise(Advice.DONTNEED, droppedUpTo, upTo - droppedUpTo);
            droppedUpTo = upTo;
        }
    }

    private void closeSegment() throws IOException {
        if (file == null) {
            return;
        }
        boolean drop = config.cacheHint() != CacheHint.KEEP && segment.isSealed() && position >= segment.end();
        try (NativeFile closing = file; MappedRegion region = mapping) {
            if (drop) {
                closing.advise(Advice.DONTNEED, droppedUpTo, 0);
            }
        } finally {
            file = null;
            mapping = null;
        }
    }

    /**
     * Closes the reader's descriptors, mapping and buffers.
     *
     * @throws IOException if closing a descriptor fails
     */
    @Override
    public void close() throws IOException {
        try (FileTransfer t = transfer) {
            closeSegment();
        } finally {
            arena.close();
        }
    }

    /** {@link ReadAhead.Kind#EXPLICIT}: readahead(2) kept a window ahead of the cursor, a device window per call. */
    private static final class SegmentReadAhead {
        private final ReadAhead policy;
        private long issuedUpTo;
        private long deviceWindow;

        SegmentReadAhead(ReadAhead policy) {
            this.policy = policy;
        }

        void opened(NativeFile file) throws IOException {
            issuedUpTo = 0;
            if (policy.kind() == ReadAhead.Kind.EXPLICIT) {
                deviceWindow = PageCache.readAheadWindow(file);
            }
        }

        void before(NativeFile file, Segment segment, long position) throws IOException {
            if (policy.kind() != ReadAhead.Kind.EXPLICIT) {
                return;
            }
            long target = Math.min(segment.end(), position + policy.windowBytes());
            issuedUpTo = Math.max(issuedUpTo, position);
            // top up only when a device window has been consumed, so each call is a full window
            while (target - issuedUpTo >= Math.min(deviceWindow, target - position) && issuedUpTo < target) {
                long n = Math.min(deviceWindow, target - issuedUpTo);
                file.readahead(issuedUpTo, n);
                issuedUpTo += n;
            }
        }
    }
}
