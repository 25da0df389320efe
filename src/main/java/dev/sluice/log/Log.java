package dev.sluice.log;

import dev.sluice.sys.Kernel;
import dev.sluice.sys.NativeDirectory;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongConsumer;

/**
 * A segmented append-only log in one directory: one writer (safe to call from several threads),
 * any number of readers, with the kernel's levers (write-behind, durability, cache hints,
 * read-ahead, zero copy) set by {@link LogConfig} and {@link ReaderConfig}.
 *
 * <p>Offsets are dense, starting at 0. An append returns once the batch is written (in the page
 * cache, or on disk for O_DIRECT); {@link #durableOffset()} says how far appends are durable under
 * the configured {@link Durability}, and {@link #flush()} makes everything durable now.
 *
 * <p>An fsync-family error puts the log in a failed state: it acknowledges nothing more and every
 * append throws {@link LogFailedException} until the log is reopened.
 */
public final class Log implements AutoCloseable {
    private final Path path;
    private final NativeDirectory dir;
    /** Held while this log is open for writing; null when read-only. */
    private final WriterLock writerLock;
    private final LogConfig config;
    /** What a read-only open left out at the end of the newest segment; null if nothing. */
    private final CorruptLogException ignoredTail;
    private final LogFailure failure;
    private final SegmentSet segments;
    private final DurabilityTracker durability;
    private final TailSignal tail;
    /** The append path; null when read-only. */
    private final LogAppender appender;
    /** A read-only log's view of the writer's progress; null for a writer. */
    private final FollowerRefresh follower;
    private volatile RaceHooks hooks = RaceHooks.NONE;
    private final Object closeMonitor = new Object();
    private boolean closeStarted;

    private Log(LogOpener.Opened opened, LogConfig config) throws IOException {
        this.path = opened.path();
        this.dir = opened.dir();
        this.writerLock = opened.lock();
        config = config.withFormat(opened.format());
        this.config = config;
        this.ignoredTail = opened.ignoredTail();
        this.failure = new LogFailure(path);
        this.segments = new SegmentSet(dir, config, opened.segments(), failure, this::raceHooks);
        this.durability = new DurabilityTracker(path, config, failure, this::raceHooks, segments.endOffset());
        this.tail = new TailSignal(segments::endOffset);
        boolean readOnly = writerLock == null;
        this.appender = readOnly ? null : new LogAppender(path, dir, config, segments, durability, failure, tail,
                this::raceHooks);
        this.follower = readOnly ? new FollowerRefresh(path, dir, config, segments, tail, this::raceHooks) : null;
    }

    /**
     * Opens the log in {@code dir} for writing, creating the directory (0750) if it does not exist,
     * and recovers it after a crash (see docs/FORMAT.md): a torn tail of the active segment is cut,
     * missing or damaged indexes are rebuilt.
     *
     * @param dir the log's directory (its parent must exist)
     * @param config the writer's policies
     * @return the open log
     * @throws LogLockedException if another writer, in this process or another, has the log open
     * @throws CorruptLogException if a sealed segment fails its CRC check (it is never cut)
     * @throws IOException if the directory cannot be created or read, or a system call fails
     */
    public static Log open(Path dir, LogConfig config) throws IOException {
        return open(dir, config, Kernel.system());
    }

    /** {@link #open(Path, LogConfig)} with every call of the log going through {@code kernel}: the tests' fault seam. */
    static Log open(Path dir, LogConfig config, Kernel kernel) throws IOException {
        return LogOpener.forWriting(dir, config, kernel, opened -> new Log(opened, config));
    }

    /**
     * Opens an existing log to read, changing nothing on disk (no truncation, no index rebuilt).
     * Works while another process writes to it; {@link #refresh()} picks up what that writer appends.
     *
     * @param dir the log's directory
     * @param config the configuration to read with ({@link LogConfig#maxBatchBytes()} bounds a batch)
     * @return the log, open read-only
     * @throws java.nio.file.NoSuchFileException if {@code dir} holds no log segments
     * @throws CorruptLogException if a sealed segment fails its CRC check
     * @throws IOException if the directory cannot be read, or a system call fails
     */
    public static Log openReadOnly(Path dir, LogConfig config) throws IOException {
        return openReadOnly(dir, config, Kernel.system());
    }

    /** {@link #openReadOnly(Path, LogConfig)} with every call going through {@code kernel}: the tests' fault seam. */
    static Log openReadOnly(Path dir, LogConfig config, Kernel kernel) throws IOException {
        return LogOpener.forReading(dir, config, kernel, opened -> new Log(opened, config));
    }

    /** {@return the log's directory} */
    public Path path() {
        return path;
    }

    /** {@return the configuration the log was opened with, its {@link LogConfig#format()} the one its files are in} */
    public LogConfig config() {
        return config;
    }

    /**
     * Appends one record. Returns once it is written, and durable too under
     * {@link Durability#everyAppend()}; with {@link Coalescing}, once it is in the write buffer.
     *
     * @param payload the record's bytes (copied before this returns)
     * @return the record's offset
     * @throws LogFailedException if an earlier fsync-family error failed the log
     * @throws IllegalArgumentException if the batch it makes exceeds {@link LogConfig#maxBatchBytes()}
     * @throws IllegalStateException if the log is closed or open read-only
     * @throws IOException if the write or a sync fails
     */
    public long append(byte[] payload) throws IOException {
        return append(MemorySegment.ofArray(payload));
    }

    /**
     * Appends the remaining bytes of {@code payload} as one record, as {@link #append(byte[])}.
     *
     * @param payload the record's bytes, from its position to its limit
     * @return the record's offset
     * @throws IOException as {@link #append(byte[])}
     */
    public long append(ByteBuffer payload) throws IOException {
        return append(MemorySegment.ofBuffer(payload));
    }

    /**
     * Appends the bytes of {@code payload} as one record, as {@link #append(byte[])}.
     *
     * @param payload the record's bytes (heap or native)
     * @return the record's offset
     * @throws IOException as {@link #append(byte[])}
     */
    public long append(MemorySegment payload) throws IOException {
        return appendBatch(List.of(payload));
    }

    /**
     * Appends the records as one batch (one write, one CRC, contiguous offsets), as {@link #append(byte[])}.
     *
     * @param payloads the records' bytes, in order
     * @return the offset of the first record
     * @throws IllegalArgumentException if the batch exceeds {@link LogConfig#maxBatchBytes()}
     * @throws IOException as {@link #append(byte[])}
     */
    public long appendBatch(List<MemorySegment> payloads) throws IOException {
        return writable().append(AppendRecords.payloads(payloads));
    }

    /**
     * Appends one record with a key and headers, as {@link #append(byte[])}. Only a log in
     * {@link LogFormat#KAFKA} stores a key, headers or a null payload.
     *
     * @param key the record's key, or null
     * @param payload the record's bytes (Kafka's value); null only in Kafka's format (a tombstone)
     * @param headers the record's headers, in order
     * @return the record's offset
     * @throws IllegalArgumentException if the log's format cannot store the record, or the batch
     *         exceeds {@link LogConfig#maxBatchBytes()}
     * @throws IOException as {@link #append(byte[])}
     */
    public long append(byte[] key, byte[] payload, List<RecordHeader> headers) throws IOException {
        return appendRecords(List.of(new NewRecord(key, payload, headers)));
    }

    /**
     * Appends the records, keys and headers included, as one batch, as {@link #appendBatch(List)}.
     *
     * @param records the records, in order
     * @return the offset of the first record
     * @throws IllegalArgumentException as {@link #append(byte[], byte[], List)}
     * @throws IOException as {@link #append(byte[])}
     */
    public long appendRecords(List<NewRecord> records) throws IOException {
        return writable().append(AppendRecords.records(List.copyOf(records)));
    }

    private LogAppender writable() {
        if (appender == null) {
            throw new IllegalStateException("the log at " + path + " is open read-only");
        }
        return appender;
    }

    /**
     * For a log opened read-only while another process appends to it: picks up batches appended to
     * the active segment since, and segments rolled since (CRC-checked, as recovery does).
     *
     * @return whether the log grew
     * @throws IllegalStateException if this log was opened for writing
     * @throws IOException if a segment cannot be read or fails its CRC check
     */
    public boolean refresh() throws IOException {
        if (follower == null) {
            throw new IllegalStateException("refresh() is for logs opened read-only; this process appends to " + path);
        }
        return follower.refresh();
    }

    /**
     * Makes every append so far durable (fdatasync), whatever the durability policy, and returns once
     * it is.
     *
     * <p>A log open read-only has appended nothing: its flush only checks that it is open.
     *
     * @throws LogFailedException if the log failed, now or before
     * @throws IllegalStateException if the log is closed
     * @throws IOException if the sync fails (the log then fails: see {@link LogFailedException})
     */
    public void flush() throws IOException {
        if (appender == null) {
            synchronized (closeMonitor) {
                if (closeStarted) {
                    throw new IllegalStateException("the log at " + path + " is closed");
                }
            }
            return;
        }
        appender.flush();
    }

    /** fdatasync of the active segment, unless a sync already covered {@code offset}. */
    void syncUpTo(long offset) throws IOException {
        durability.syncUpTo(offset, writable());
    }

    /**
     * {@return the durable offset} Offsets below it are durable under the configured durability
     * (or by {@link #flush()}).
     */
    public long durableOffset() {
        return durability.durableOffset();
    }

    /**
     * Called with the new durable offset each time it advances, on the thread that made it durable.
     * Listeners are called one at a time, with increasing offsets; they should be quick, and must not
     * append to or flush this log.
     *
     * @param listener receives each new durable offset
     */
    public void onDurable(LongConsumer listener) {
        durability.onDurable(listener);
    }

    /** {@return whether an fsync-family error has stopped the log} */
    public boolean hasFailed() {
        return failure.hasFailed();
    }

    /** {@return the first offset still in the log} Retention moves it on. */
    public long startOffset() {
        return segments.startOffset();
    }

    /**
     * {@return the end of what readers see: the offset the next append gets, except while a
     * coalescing log ({@link LogConfig#coalescing()}) holds appends not yet written, which come first}
     */
    public long endOffset() {
        return segments.endOffset();
    }

    /** {@return the segments now, oldest first, as {@code sluice log stat} shows them} */
    public List<SegmentInfo> segments() {
        return segments.infos();
    }

    /**
     * What a read-only open left out at the end of the newest segment: bytes after its last valid
     * batch that are not a batch (a write in progress, a torn write after a crash, which the next
     * writer's open truncates, or damage), as the error naming the segment, the byte position and
     * what is wrong there. Empty if the segment ended cleanly or in preallocated zeros, and always
     * for a writer, whose open truncates such a tail. As found at open.
     *
     * @return the ignored tail's error, or empty
     */
    public Optional<CorruptLogException> ignoredTail() {
        return Optional.ofNullable(ignoredTail);
    }

    /**
     * Opens a reader positioned at {@code offset}, with its own descriptors and policies. Close it.
     *
     * @param offset where to start, in [{@link #startOffset()}, {@link #endOffset()}]
     * @param readerConfig the reader's policies
     * @return the reader
     * @throws IllegalArgumentException if {@code offset} is outside the log
     * @throws IOException if a segment cannot be opened or read
     */
    public LogReader reader(long offset, ReaderConfig readerConfig) throws IOException {
        return new LogReader(segments, tail, config.maxBatchBytes(), readerConfig, offset);
    }

    /**
     * The first offset whose record's timestamp is at least {@code timestamp}, as Kafka's
     * {@code offsetsForTimes} answers: by offset, so where timestamps go back and forth it is the
     * first record that reaches the time. In Kafka's format the segments' {@code .timeindex} narrows
     * the search; in sluice's own the batch headers of the segment that reaches the time are read.
     *
     * @param timestamp milliseconds since the epoch
     * @return the offset, or empty if no record in the log is that new
     * @throws CorruptLogException if a batch on the way fails its check
     * @throws IOException if a segment cannot be read
     */
    public OptionalLong offsetForTime(long timestamp) throws IOException {
        return new TimeSeek(segments, config.maxBatchBytes()).firstAtOrAfter(timestamp);
    }

    /**
     * Where the offsets {@code [fromOffset, toOffset)} lie on disk, clamped to the log: per segment,
     * the whole batches holding them, found through the index and batch headers alone. Hand the ranges
     * to {@code dev.sluice.cache.PageCache} to warm a range before a lagging consumer reads it, see
     * what of it is cached, or evict a range that was scanned.
     *
     * @param fromOffset the first offset of the range
     * @param toOffset the offset after its last ({@link Long#MAX_VALUE} for "to the end")
     * @return the ranges, oldest segment first; empty if the range holds no record of the log
     * @throws IllegalArgumentException if {@code toOffset < fromOffset}
     * @throws IOException if a segment cannot be read
     */
    public List<SegmentRange> byteRanges(long fromOffset, long toOffset) throws IOException {
        return OffsetRanges.of(path, segments, config.maxBatchBytes(), fromOffset, toOffset);
    }

    /** The live segment objects, oldest first, for tests in this package; users see {@link #segments()}. */
    List<Segment> openSegments() {
        return segments.list();
    }

    /**
     * Syncs, writes the index and the clean-shutdown marker, and lets go of everything. Idempotent,
     * also across threads.
     *
     * @throws IOException if the final sync or a write fails (everything is closed anyway)
     */
    @Override
    public void close() throws IOException {
        synchronized (closeMonitor) {
            if (closeStarted) {
                return; // a second caller, or a listener of the first, finds it closed or closing
            }
            closeStarted = true;
        }
        hooks.closing();
        try {
            if (appender != null) {
                appender.close();
            }
        } finally {
            tail.close();
            try (WriterLock lock = writerLock; NativeDirectory directory = dir) {
                segments.close();
            }
        }
    }

    /** For tests that force one interleaving of a race. */
    void setRaceHooks(RaceHooks hooks) {
        this.hooks = hooks;
    }

    RaceHooks raceHooks() {
        return hooks;
    }
}
