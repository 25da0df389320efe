package dev.sluice.log;

import dev.sluice.sys.Fd;
import dev.sluice.sys.NativeFile;
import dev.sluice.transfer.FileTransfer;
import dev.sluice.transfer.TransferPath;
import dev.sluice.transfer.TransferResult;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads records from a log, from any offset, while the writer appends. Each reader opens the
 * segments through descriptors of its own, so its read-ahead and cache hints never touch other
 * readers. Not thread-safe: one reader per thread.
 */
public final class LogReader implements AutoCloseable {
    // The cursor, decoding batches. What exists and what follows a segment's end is the
    // SegmentSet's to say, the bytes come from a ByteSource, the cache policies sit beside it.
    private final SegmentSet segments;
    private final TailSignal tail;
    private final int maxBatchBytes;
    private final ReaderConfig config;
    private final Arena arena = Arena.ofShared();
    private final BatchLocator locator;
    private final ByteSource source;
    private final ReaderReadAhead readAhead;
    private final ReaderDropBehind dropBehind;

    private FileTransfer transfer;
    private Segment segment;
    private NativeFile file;
    /** Position of the batch holding {@link #nextOffset}, and that batch's base offset. */
    private long position;
    private long batchOffset;
    private long nextOffset;
    /** What stopped the last read after it had handed records over: thrown by the next read at the cursor. */
    private IOException deferred;

    LogReader(SegmentSet segments, TailSignal tail, int maxBatchBytes, ReaderConfig config, long offset)
            throws IOException {
        this.segments = segments;
        this.tail = tail;
        this.maxBatchBytes = maxBatchBytes;
        this.config = config;
        try {
            this.locator = new BatchLocator(arena, maxBatchBytes);
            this.source = ByteSource.of(config, arena, maxBatchBytes);
            this.readAhead = new ReaderReadAhead(config.readAhead());
            this.dropBehind = new ReaderDropBehind(config.cacheHint());
            seek(offset);
        } catch (IOException | RuntimeException e) {
            try {
                close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
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
        Segment target = segments.locate(offset);
        deferred = null;
        open(target);
        nextOffset = offset;
        // Whole batches before the offset are passed by their headers only, the end read again before each:
        // the cursor stops at a batch boundary the writer has published, never past a batch appended meanwhile.
        long at = locator.trustedStart(target, file, target.index.floorPosition(offset), offset);
        long base = at == 0 ? target.baseOffset : target.index.floorOffset(offset, target.baseOffset);
        while (at < target.end()) {
            BatchHeader h = locator.header(target, file, at);
            base = h.baseOffset();
            if (h.nextOffset() > offset) {
                break;
            }
            at = h.end();
            base = h.nextOffset();
        }
        segments.hooks().seekScanned(target);
        position = at;
        batchOffset = base;
    }

    /**
     * Reads up to {@code maxRecords} records from the cursor on, payloads copied, CRC-checked. Does not wait.
     * Records read before a damaged batch, or before a gap retention left, are returned; the next
     * call throws.
     *
     * @param maxRecords the most records to return, more than 0
     * @return the records, empty at the end of the log
     * @throws IllegalArgumentException if {@code maxRecords} is not positive
     * @throws CorruptLogException if a batch fails its CRC check
     * @throws IOException if a read fails, or retention deleted the records at the cursor
     */
    public List<LogRecord> poll(int maxRecords) throws IOException {
        List<LogRecord> out = new ArrayList<>();
        read(maxRecords, (offset, timestamp, key, payload, headers) ->
                out.add(new LogRecord(offset, timestamp, bytes(key), bytes(payload), headers)));
        return out;
    }

    private static byte[] bytes(MemorySegment view) {
        return view == null ? null : view.toArray(ValueLayout.JAVA_BYTE);
    }

    /**
     * Hands up to {@code maxRecords} records from the cursor on to {@code visitor} without copying
     * them: each payload is a read-only view of the reader's buffer (or mapping), valid only until
     * the visitor returns. Every batch is CRC-checked first, as for {@link #poll(int)}. The cursor
     * moves past each record the visitor accepted; if the visitor throws, the next read starts with
     * the record it threw on. If the log's own damage (a batch failing its check) or a gap retention
     * left stops the read after the visitor got records, this call returns their count and the next
     * one throws.
     *
     * @param maxRecords the most records to hand over, more than 0
     * @param visitor receives each record
     * @return how many records the visitor got; 0 at the end of the log
     * @throws IllegalArgumentException if {@code maxRecords} is not positive
     * @throws CorruptLogException if a batch fails its CRC check
     * @throws IOException if a read fails, retention deleted the records at the cursor, or the visitor threw it
     */
    public int read(int maxRecords, RecordVisitor visitor) throws IOException {
        Objects.requireNonNull(visitor, "visitor");
        return read(maxRecords, (RecordSink) (offset, timestamp, key, payload, headers) ->
                visitor.accept(offset, timestamp, payload));
    }

    /** {@link #read(int, RecordVisitor)} with each record's key and headers too. */
    private int read(int maxRecords, RecordSink visitor) throws IOException {
        if (maxRecords <= 0) {
            throw new IllegalArgumentException("maxRecords must be > 0, was " + maxRecords);
        }
        Objects.requireNonNull(visitor, "visitor");
        throwDeferred();
        Visits visits = new Visits(visitor);
        try {
            decode(maxRecords, visits);
        } catch (IOException e) {
            if (visits.count == 0 || visits.threw) {
                throw e;
            }
            deferred = e; // the records before it are the caller's; the damage is the next read's answer
        }
        return visits.count;
    }

    private void throwDeferred() throws IOException {
        IOException pending = deferred;
        if (pending != null) {
            deferred = null;
            throw pending;
        }
    }

    /** The caller's visitor, counted, moving the cursor past each record it accepts. */
    private final class Visits implements RecordSink {
        private final RecordSink visitor;
        int count;
        boolean threw;

        Visits(RecordSink visitor) {
            this.visitor = visitor;
        }

        @Override
        public void accept(long offset, long timestamp, MemorySegment key, MemorySegment payload,
                           List<RecordHeader> headers) throws IOException {
            try {
                visitor.accept(offset, timestamp, key, payload, headers);
            } catch (IOException | RuntimeException | Error e) {
                threw = true;
                throw e;
            }
            nextOffset = offset + 1;
            count++;
        }
    }

    /** Decodes batches from the cursor on, each checked before any of its records is visited. */
    private void decode(int maxRecords, Visits visits) throws IOException {
        while (visits.count < maxRecords && hasData()) {
            long available = segment.end() - position;
            MemorySegment chunk = source.held(position);
            if (chunk == null) {
                readAhead.before(segment, position);
                chunk = source.read(position, Math.min(bufferBytes(), available));
            }
            long n = chunk.byteSize();
            long at = 0;
            BatchFormat format = segment.format;
            while (at + format.headerBytes() <= n && visits.count < maxRecords) {
                MemorySegment headerBytes = chunk.asSlice(at, format.headerBytes());
                BatchHeader h = format.header(headerBytes, position);
                String problem = format.headerProblem(headerBytes, batchOffset, available, maxBatchBytes);
                if (problem == null && at + h.size() <= n) {
                    problem = format.bodyProblem(chunk.asSlice(at, h.size()));
                } else if (problem == null) {
                    break; // the rest of this batch is in the next chunk
                }
                if (problem != null) {
                    throw new CorruptLogException(segment.name, position, problem);
                }
                int room = maxRecords - visits.count;
                int visited = format.visit(chunk.asSlice(at, h.size()), nextOffset, room, visits);
                if (visited == room && nextOffset < h.nextOffset()) {
                    break; // stopped inside the batch; the next poll reads it again from its start
                }
                nextOffset = Math.max(nextOffset, h.nextOffset()); // past offsets with no record (a control batch)
                at += h.size();
                available -= h.size();
                position += h.size();
                batchOffset = h.nextOffset();
            }
            dropBehind.passed(file, position);
        }
    }

    /** How much one read asks the source for: its buffer, or for a mapping as much as a buffer would hold. */
    private long bufferBytes() {
        return Math.max(ByteSource.CHUNK_BYTES, maxBatchBytes);
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
    public List<LogRecord> poll(int maxRecords, Duration timeout) throws IOException, InterruptedException {
        List<LogRecord> records = poll(maxRecords);
        if (records.isEmpty() && tail.await(nextOffset, timeout.toNanos())) {
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
        throwDeferred();
        if (transfer == null) {
            transfer = FileTransfer.using(config.transferPath());
        }
        if (!hasData()) {
            return new LogTransfer(0, transfer.preferred(), nextOffset);
        }
        TransferRange range = TransferRange.of(segment, position, maxBytes, at -> locator.header(segment, file, at));
        readAhead.before(segment, range.start());
        TransferResult sent = transfer.transfer(file, range.start(), range.end() - range.start(), target);
        position = range.end();
        batchOffset = range.nextOffset();
        nextOffset = range.nextOffset();
        dropBehind.passed(file, position);
        return new LogTransfer(sent.bytes(), sent.path(), range.nextOffset());
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
            Segment at = segments.whereNext(segment, position);
            if (at == null) {
                return false;
            }
            if (at == segment) {
                return true;
            }
            open(at);
            position = 0;
            batchOffset = at.baseOffset;
        }
    }

    private void open(Segment target) throws IOException {
        if (target == segment) {
            return;
        }
        closeSegment();
        file = segments.openForReading(target);
        segment = target;
        source.opened(file, target);
        dropBehind.opened();
        readAhead.opened(file);
    }

    private void closeSegment() throws IOException {
        if (file == null) {
            return;
        }
        readAhead.leaving();
        try (NativeFile closing = file) {
            try {
                dropBehind.leaving(closing, segment, position);
            } finally {
                source.release();
            }
        } finally {
            file = null;
        }
    }

    /** The read path, for tests. */
    ByteSource source() {
        return source;
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
}
