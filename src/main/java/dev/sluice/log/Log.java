package dev.sluice.log;

import dev.sluice.sys.Advice;
import dev.sluice.sys.Kernel;
import dev.sluice.sys.NativeDirectory;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;
import dev.sluice.sys.SyncFlag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.io.EOFException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
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
    private static final Logger LOG = LoggerFactory.getLogger(Log.class);
    /** How often a read-only open starts again when a writer changes the directory under it. */
    private static final int READ_ONLY_OPEN_ATTEMPTS = 20;
    private static final EnumSet<SyncFlag> WRITE = EnumSet.of(SyncFlag.WRITE);
    private static final EnumSet<SyncFlag> WRITE_AND_WAIT = EnumSet.of(SyncFlag.WAIT_BEFORE, SyncFlag.WRITE,
            SyncFlag.WAIT_AFTER);

    private final Path path;
    private final NativeDirectory dir;
    /** Held while this log is open for writing; null when read-only. */
    private final WriterLock writerLock;
    private final LogConfig config;
    private final boolean readOnly;
    /** What a read-only open left out at the end of the newest segment; null if nothing. */
    private volatile CorruptLogException ignoredTail; // set by openReadOnly after construction
    private final ReentrantLock appendLock = new ReentrantLock();
    /** Serialises fdatasync calls, so one sync covers every append before it (group commit). */
    private final Object syncMonitor = new Object();
    /** Tailing readers wait here for appends. */
    private final Object appendSignal = new Object();
    private volatile int tailWaiters;
    private final List<LongConsumer> durabilityListeners = new CopyOnWriteArrayList<>();
    /** Serialises publishing the durable offset (syncs and rolls race), so it and its notifications only increase. */
    private final Object durableMonitor = new Object();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment batchBuffer;
    private final Flusher flusher;

    private volatile List<Segment> segments;
    /**
     * Where retention has moved the start to: ahead of the list while it deletes the oldest
     * segment's files, and ahead of it for good if a delete fails (the next roll tries again).
     */
    private volatile long retainedFrom;
    private Segment active;
    private volatile SegmentWriter writer;
    private volatile long durableOffset;
    /**
     * Offsets below this are on disk by an fdatasync (of the active segment, or of a sealed one at its
     * roll). Not {@link #durableOffset}: under {@link Durability#none()} that advances at every append,
     * and {@link #flush()} must still sync.
     */
    private final AtomicLong syncedOffset = new AtomicLong();
    /** Batch bytes appended since open, and how many of them the last sync covered (for group commit by bytes). */
    private volatile long appendedBytes;
    private volatile long syncedBytes;
    private volatile IOException failure;
    private volatile boolean closed;
    private volatile RaceHooks hooks = RaceHooks.NONE;
    private final Object closeMonitor = new Object();
    private boolean closeStarted;
    /** Write-behind and drop-behind progress in the active segment (positions). */
    private long boundedFrom;
    private long boundedPrevious = -1;

    private Log(Path path, NativeDirectory dir, WriterLock writerLock, LogConfig config, List<Segment> segments)
            throws IOException {
        this.path = path;
        this.dir = dir;
        this.writerLock = writerLock;
        boolean readOnly = writerLock == null;
        this.config = config;
        this.readOnly = readOnly;
        this.segments = List.copyOf(segments);
        this.active = segments.isEmpty() ? null : segments.getLast();
        this.durableOffset = active == null ? 0 : active.nextOffset();
        this.syncedOffset.set(durableOffset);
        try {
            this.batchBuffer = readOnly ? MemorySegment.NULL : arena.allocate(config.maxBatchBytes(), 4096);
            if (!readOnly) {
                this.writer = SegmentWriter.open(active, dir, config);
                this.boundedFrom = active.end();
            }
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
        this.flusher = readOnly || !Flusher.needed(config) ? null : new Flusher(this, config);
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
        Objects.requireNonNull(config, "config");
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
            // the new directory's own entry must be durable before anything in it is acknowledged
            try (NativeDirectory parent = NativeDirectory.open(kernel, dir.toAbsolutePath().getParent())) {
                parent.sync();
            }
        }
        NativeDirectory directory = openDirectory(kernel, dir);
        WriterLock lock = null;
        List<Segment> segments = new ArrayList<>();
        try {
            lock = WriterLock.acquire(directory, dir); // before recovery, which truncates
            LogRecovery.Recovered recovered = LogRecovery.recover(dir, directory, config, false);
            segments.addAll(recovered.segments());
            if (segments.isEmpty()) {
                if (!recovered.foreign().isEmpty()) {
                    LOG.warn("{}: a new log, beside {}", dir, recovered.foreign().describe());
                }
                segments.add(createSegment(directory, config, 0));
            }
            return new Log(dir, directory, lock, config, segments);
        } catch (IOException | RuntimeException e) {
            closeAfterFailedOpen(e, segments, lock, directory);
            throw e;
        }
    }

    /**
     * A read-only recovery, tried again while a writer in another process changes what it reads: a
     * listed segment or index deleted by retention before it is opened, a segment trimmed at its
     * seal while it is read, segments gone from the middle of the listing.
     */
    private static LogRecovery.Recovered recoverWhileTheWriterMayMoveOn(Path dir, NativeDirectory directory,
                                                                        LogConfig config) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return LogRecovery.recover(dir, directory, config, true);
            } catch (NoSuchFileException | EOFException | LogRecovery.WriterMovedOn e) {
                if (attempt == READ_ONLY_OPEN_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("{}: the writer moved on during a read-only open ({}); again", dir, e.toString());
            }
        }
    }

    /** Closes what a failed open had opened, keeping the open's error as the one thrown. */
    private static void closeAfterFailedOpen(Exception failure, List<Segment> segments, AutoCloseable... others) {
        List<AutoCloseable> all = new ArrayList<>(segments);
        all.addAll(java.util.Arrays.asList(others));
        for (AutoCloseable c : all) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    failure.addSuppressed(suppressed);
                }
            }
        }
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
        NativeDirectory directory = openDirectory(kernel, dir);
        List<Segment> segments = new ArrayList<>();
        try {
            LogRecovery.Recovered recovered = recoverWhileTheWriterMayMoveOn(dir, directory, config);
            segments.addAll(recovered.segments());
            if (segments.isEmpty()) {
                // a writer creates its first segment right after the directory; read-only, there is nothing to read
                throw recovered.foreign().noSegments(dir);
            }
            Log log = new Log(dir, directory, null, config, segments);
            log.ignoredTail = recovered.ignoredTail();
            return log;
        } catch (IOException | RuntimeException e) {
            closeAfterFailedOpen(e, segments, directory);
            throw e;
        }
    }

    private static NativeDirectory openDirectory(Kernel kernel, Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new IOException(dir + " is a symbolic link; a log directory must be a real directory");
        }
        return NativeDirectory.open(kernel, dir);
    }

    private static Segment createSegment(NativeDirectory dir, LogConfig config, long base) throws IOException {
        NativeFile file = dir.openFile(SegmentNames.log(base), EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.CREATE_NEW),
                NativeFile.DEFAULT_PERMISSIONS);
        try {
            dir.sync();
        } catch (IOException | RuntimeException e) {
            try {
                file.close(); // not in the log's list yet: nothing else would close it
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return new Segment(base, file, new SegmentIndex(config.indexIntervalBytes()), 0, base, 0, false);
    }

    /** {@return the log's directory} */
    public Path path() {
        return path;
    }

    /** {@return the configuration the log was opened with} */
    public LogConfig config() {
        return config;
    }

    /**
     * Appends one record. Returns once it is written, and durable too under
     * {@link Durability#everyAppend()}.
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
        if (readOnly) {
            throw new IllegalStateException("the log at " + path + " is open read-only");
        }
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one record");
        }
        int size = Batch.encodedSize(payloads);
        if (size > config.maxBatchBytes()) {
            throw new IllegalArgumentException("batch of " + size + " bytes exceeds maxBatchBytes ("
                    + config.maxBatchBytes() + ")");
        }
        long base;
        long next;
        appendLock.lock();
        try {
            checkWritable();
            long now = System.currentTimeMillis();
            maybeRoll(size, now);
            base = active.nextOffset();
            long position = active.end();
            MemorySegment batch = batchBuffer.asSlice(0, size);
            Batch.encode(batch, base, now, payloads);
            writer.write(batch, position);
            active.index.onBatch(base, position);
            next = base + payloads.size();
            active.appended(position + size, next, now, now);
            appendedBytes += size;
            boundWriteBehind();
            if (config.durability().kind() == Durability.Kind.NONE) {
                publishDurable(next);
            }
        } finally {
            appendLock.unlock();
        }
        signalAppend();
        if (flusher != null) {
            flusher.appended(size);
        }
        if (config.durability().kind() == Durability.Kind.EVERY_APPEND) {
            syncUpTo(next);
        }
        return base;
    }

    private void checkWritable() throws IOException {
        if (closed) {
            throw new IllegalStateException("the log at " + path + " is closed");
        }
        IOException failed = failure;
        if (failed != null) {
            throw new LogFailedException("the log at " + path + " failed and accepts no writes until reopened: "
                    + failed.getMessage(), failed);
        }
    }

    /** Bounded write-behind: start writing back each full window, and wait for the one before it. */
    private void boundWriteBehind() throws IOException {
        if (config.writeBehind().kind() != WriteBehind.Kind.BOUNDED) {
            return;
        }
        long window = config.writeBehind().bytes();
        while (active.end() - boundedFrom >= window) {
            if (boundedPrevious >= 0) {
                active.file.syncRange(boundedPrevious, window, WRITE_AND_WAIT);
            }
            active.file.syncRange(boundedFrom, window, WRITE);
            boundedPrevious = boundedFrom;
            boundedFrom += window;
        }
    }

    private void maybeRoll(int batchSize, long now) throws IOException {
        if (active.isEmpty()) {
            return;
        }
        boolean full = active.end() + batchSize > config.segmentBytes();
        boolean old = config.segmentAge() != null && active.firstAppendMillis() > 0
                && now - active.firstAppendMillis() >= config.segmentAge().toMillis();
        if (full || old) {
            roll();
        }
    }

    /**
     * Seals the active segment (trimmed, synced, indexed) and starts the next one. A roll that fails
     * part way fails the log: the writer is closed by then, and the error may be an fsync-family
     * one (segment, index, directory, recovery point), which must never be retried.
     */
    private void roll() throws IOException {
        Segment sealed = active;
        try {
            writer.close();
            sealed.file.syncData();
            LogRecovery.writeIndex(dir, sealed.baseOffset, sealed.index);
            sealed.seal();
            syncedOffset.accumulateAndGet(sealed.nextOffset(), Math::max);
            if (config.cacheHint() != CacheHint.KEEP) {
                sealed.file.advise(Advice.DONTNEED, 0, 0);
            }
            publishDurable(sealed.nextOffset());
            Segment next = createSegment(dir, config, sealed.nextOffset());
            List<Segment> all = new ArrayList<>(segments);
            all.add(next);
            segments = List.copyOf(all);
            active = next;
            writer = SegmentWriter.open(next, dir, config);
            boundedFrom = 0;
            boundedPrevious = -1;
            LogFiles.writeAtomically(dir, SegmentNames.RECOVERY_POINT, Long.toString(next.baseOffset));
        } catch (IOException e) {
            throw fail(e);
        }
        applyRetention();
    }

    /** Deletes the oldest sealed segments while the log is over its size or age limit. */
    private void applyRetention() throws IOException {
        long now = System.currentTimeMillis();
        while (segments.size() > 1) {
            Segment oldest = segments.getFirst();
            long total = segments.stream().mapToLong(Segment::end).sum();
            boolean tooBig = config.retentionBytes() > 0 && total > config.retentionBytes();
            boolean tooOld = config.retentionAge() != null
                    && oldest.maxTimestamp() < now - config.retentionAge().toMillis();
            if (!tooBig && !tooOld) {
                return;
            }
            // The files go first: a segment leaves the list only once its file is gone, so a delete that
            // fails leaves it in the log (retried at the next roll), never a gap before the next one.
            // The start moves first: no reader is sent to records whose file is going.
            retainedFrom = oldest.nextOffset();
            LogFiles.deleteIfExists(dir, SegmentNames.index(oldest.baseOffset));
            LogFiles.deleteIfExists(dir, oldest.name);
            hooks.retentionDeleted(oldest);
            segments = List.copyOf(segments.subList(1, segments.size()));
            try {
                dir.sync();
            } catch (IOException e) {
                throw fail(e); // an fsync-family error: never retried, never acknowledged past
            }
            oldest.close(); // readers read through descriptors of their own
            LOG.debug("{}: retention deleted {}", path, oldest.name);
        }
    }

    /**
     * For a log opened read-only while another process appends to it: picks up batches appended to
     * the active segment since, and segments rolled since (CRC-checked, as recovery does).
     *
     * @return whether the log grew
     * @throws IllegalStateException if this log was opened for writing
     * @throws IOException if a segment cannot be read or fails its CRC check
     */
    public synchronized boolean refresh() throws IOException {
        if (!readOnly) {
            throw new IllegalStateException("refresh() is for logs opened read-only; this process appends to " + path);
        }
        retireDeletedSegments();
        boolean grew = false;
        while (true) {
            Segment last = segments.getLast();
            long size = last.file.size();
            Segment.Tail tail = last.tail();
            if (size > tail.end()) {
                SegmentScanner.Result scan = SegmentScanner.scan(last.file, tail.end(), tail.nextOffset(), size,
                        config.maxBatchBytes(), last.index, true);
                if (scan.validEnd() > tail.end()) {
                    last.appended(scan.validEnd(), scan.nextOffset(), scan.maxTimestamp(), System.currentTimeMillis());
                    grew = true;
                }
            }
            hooks.refreshScanned(last);
            if (last.isEmpty()) {
                // nothing valid in it yet (or a batch still being written): the writer never rolls an
                // empty segment, and the next segment's name would be this one's own
                break;
            }
            long nextBase = last.nextOffset();
            if (!Files.exists(path.resolve(SegmentNames.log(nextBase)), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                if (Files.exists(path.resolve(last.name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    break; // the writer has not rolled
                }
                // Retention deleted this segment and the one after it before this follower saw them:
                // go on from the oldest segment left, and let readers find the gap (a retention error).
                OptionalLong oldest = oldestSegmentAfter(last.baseOffset);
                if (oldest.isEmpty()) {
                    break;
                }
                nextBase = oldest.getAsLong();
            }
            String nextName = SegmentNames.log(nextBase);
            NativeFile file;
            try {
                LogFiles.requireRegularFile(path.resolve(nextName));
                file = dir.openFile(nextName, EnumSet.of(OpenFlag.READ), NativeFile.DEFAULT_PERMISSIONS);
            } catch (NoSuchFileException deletedMeanwhile) {
                continue; // retention took it after it was found: look again
            }
            // The writer rolled: what the old segment holds now is final.
            last.seal();
            List<Segment> all = new ArrayList<>(segments);
            all.add(new Segment(nextBase, file, new SegmentIndex(config.indexIntervalBytes()), 0, nextBase, 0, false));
            segments = List.copyOf(all);
            grew = true;
        }
        if (grew) {
            signalAppend();
        }
        return grew;
    }

    /** The base offset of the oldest segment file after {@code base} in the directory now. */
    private OptionalLong oldestSegmentAfter(long base) throws IOException {
        try (java.util.stream.Stream<Path> entries = Files.list(path)) {
            OptionalLong oldest = OptionalLong.empty();
            for (Path entry : (Iterable<Path>) entries::iterator) {
                OptionalLong b = SegmentNames.parseLog(entry.getFileName().toString());
                if (b.isPresent() && b.getAsLong() > base && (oldest.isEmpty() || b.getAsLong() < oldest.getAsLong())) {
                    oldest = b;
                }
            }
            return oldest;
        }
    }

    /**
     * A follower forgets the oldest segments whose files the writer's retention deleted, so its
     * {@link #startOffset()} moves as the writer's does.
     */
    private void retireDeletedSegments() throws IOException {
        while (segments.size() > 1
                && !Files.exists(path.resolve(segments.getFirst().name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Segment retired = segments.getFirst();
            segments = List.copyOf(segments.subList(1, segments.size()));
            retired.close(); // readers read through descriptors of their own
        }
    }

    /**
     * Makes every append so far durable (fdatasync), whatever the durability policy, and returns once
     * it is.
     *
     * @throws LogFailedException if the log failed, now or before
     * @throws IllegalStateException if the log is closed
     * @throws IOException if the sync fails (the log then fails: see {@link LogFailedException})
     */
    public void flush() throws IOException {
        long target;
        appendLock.lock();
        try {
            checkWritable();
            target = active.nextOffset();
        } finally {
            appendLock.unlock();
        }
        syncUpTo(target);
    }

    /** fdatasync of the active segment, unless a sync already covered {@code offset}. */
    void syncUpTo(long offset) throws IOException {
        synchronized (syncMonitor) {
            if (syncedOffset.get() >= offset) {
                return;
            }
            Segment segment;
            SegmentWriter segmentWriter;
            long target;
            long end;
            long bytes;
            appendLock.lock();
            try {
                checkWritable();
                segment = active;
                segmentWriter = writer;
                target = active.nextOffset();
                end = active.end();
                bytes = appendedBytes;
            } finally {
                appendLock.unlock();
            }
            hooks.beforeSync(segment);
            try {
                segment.file.syncData();
            } catch (ClosedChannelException e) {
                // A roll sealed the segment after the lock was let go (its own fdatasync covered every
                // append in it) and retention or close() then closed it: nothing failed on disk.
                if (!segment.isSealed() && !closed) {
                    throw fail(e);
                }
                checkWritable();
            } catch (IOException e) {
                throw fail(e);
            }
            syncedBytes = bytes;
            syncedOffset.accumulateAndGet(target, Math::max);
            publishDurable(target);
            if (config.cacheHint() != CacheHint.KEEP && config.durability().kind() != Durability.Kind.EVERY_APPEND) {
                try {
                    segmentWriter.dropSynced(end);
                } catch (IOException e) {
                    LOG.warn("{}: drop-behind after a sync: {}", path, e.toString()); // a hint; the data is durable
                }
            }
        }
    }

    private LogFailedException fail(IOException cause) {
        if (failure == null) {
            failure = cause;
            LOG.error("{}: {} failed; the log accepts no writes until reopened", path, cause.getMessage());
        }
        return new LogFailedException("the log at " + path + " failed: " + cause.getMessage(), cause);
    }

    private void publishDurable(long offset) {
        synchronized (durableMonitor) {
            if (offset <= durableOffset) {
                return;
            }
            durableOffset = offset;
            for (LongConsumer listener : durabilityListeners) {
                listener.accept(offset);
            }
        }
    }

    /** Bytes appended that no sync has covered yet. */
    long unsyncedBytes() {
        return appendedBytes - syncedBytes;
    }

    /**
     * {@return the durable offset} Offsets below it are durable under the configured durability
     * (or by {@link #flush()}).
     */
    public long durableOffset() {
        return durableOffset;
    }

    /**
     * Called with the new durable offset each time it advances, on the thread that made it durable.
     * Listeners are called one at a time, with increasing offsets; they should be quick, and must not
     * append to or flush this log.
     *
     * @param listener receives each new durable offset
     */
    public void onDurable(LongConsumer listener) {
        durabilityListeners.add(Objects.requireNonNull(listener));
    }

    /** {@return whether an fsync-family error has stopped the log} */
    public boolean hasFailed() {
        return failure != null;
    }

    /** {@return the first offset still in the log} Retention moves it on. */
    public long startOffset() {
        return Math.max(segments.getFirst().baseOffset, retainedFrom);
    }

    /** {@return the offset the next append gets} */
    public long endOffset() {
        return segments.getLast().nextOffset();
    }

    /** {@return the segments now, oldest first, as {@code sluice log stat} shows them} */
    public List<SegmentInfo> segments() {
        List<Segment> current = segments;
        List<SegmentInfo> infos = new ArrayList<>(current.size());
        for (Segment s : current) {
            infos.add(new SegmentInfo(s.name, s.baseOffset, s.end(), s.nextOffset() - s.baseOffset, s.nextOffset() - 1,
                    !s.isSealed()));
        }
        return infos;
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
    public java.util.Optional<CorruptLogException> ignoredTail() {
        return java.util.Optional.ofNullable(ignoredTail);
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
        return new LogReader(this, readerConfig, offset);
    }

    /** The segment after {@code segment} in the log now (the first one, if retention deleted those between), or null. */
    Segment segmentAfter(Segment segment) {
        for (Segment s : segments) {
            if (s.baseOffset > segment.baseOffset) {
                return s;
            }
        }
        return null;
    }

    List<Segment> segmentList() {
        return segments;
    }

    NativeDirectory directory() {
        return dir;
    }

    private void signalAppend() {
        if (tailWaiters > 0) {
            synchronized (appendSignal) {
                appendSignal.notifyAll();
            }
        }
    }

    /**
     * Waits until the log's end passes {@code knownEnd}, the log closes, or the timeout passes.
     *
     * @return whether there is something new
     */
    boolean awaitAppend(long knownEnd, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (appendSignal) {
            tailWaiters++;
            try {
                while (endOffset() <= knownEnd && !closed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(appendSignal, left);
                }
                return endOffset() > knownEnd;
            } finally {
                tailWaiters--;
            }
        }
    }

    /**
     * The active segment's writer, for the background thread's write-behind and drop-behind (which
     * keep their progress in the writer, so a roll starts them afresh). Null once closed or failed.
     */
    SegmentWriter activeWriter() {
        return closed || failure != null ? null : writer;
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
        if (flusher != null) {
            flusher.stop();
        }
        appendLock.lock();
        try {
            closed = true;
            if (!readOnly && failure == null) {
                writer.close();
                active.file.syncData();
                publishDurable(active.nextOffset());
                LogRecovery.writeIndex(dir, active.baseOffset, active.index);
                LogFiles.writeAtomically(dir, SegmentNames.CLEAN_SHUTDOWN, "");
            } else if (!readOnly) {
                writer.close();
            }
        } finally {
            appendLock.unlock();
            synchronized (appendSignal) {
                appendSignal.notifyAll();
            }
            for (Segment s : segments) {
                s.close();
            }
            try (WriterLock lock = writerLock) {
                dir.close();
            } finally {
                arena.close();
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** For tests that force one interleaving of a race. */
    void setRaceHooks(RaceHooks hooks) {
        this.hooks = hooks;
    }

    RaceHooks raceHooks() {
        return hooks;
    }
}
