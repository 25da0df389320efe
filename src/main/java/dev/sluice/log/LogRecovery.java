package dev.sluice.log;

import dev.sluice.sys.NativeDirectory;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Opens the segments of a log directory and brings them to a consistent state:
 * <ul>
 * <li>stray temporary files are removed;</li>
 * <li>sealed segments before the recovery point are trusted, with their index loaded, or rebuilt
 *     if missing or damaged; from the recovery point on they are CRC-checked, and corruption is
 *     reported (never cut);</li>
 * <li>the active (last) segment is CRC-checked from the last clean point, and a torn or garbage
 *     tail is truncated.</li>
 * </ul>
 * A read-only recovery changes nothing on disk: it only finds where the valid data ends.
 */
final class LogRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);

    /**
     * What recovery found. {@code ignoredTail}: for a read-only recovery, the bytes after the active
     * segment's last valid batch that are not a batch (null if there are none, or only zeros).
     * {@code foreign}: the directory's entries that are not the log's.
     */
    record Recovered(List<Segment> segments, LogFormat format, long truncatedBytes, int rebuiltIndexes,
                     int removedTemporaries, CorruptLogException ignoredTail, ForeignFiles foreign) {
    }

    /**
     * A read-only recovery saw the writer change the directory under it (a segment deleted by
     * retention while the listing was read): the same open, tried again, sees a consistent state.
     */
    static final class WriterMovedOn extends IOException {
        WriterMovedOn(String message) {
            super(message);
        }
    }

    private final NativeDirectory dir;
    /** The config to recover with: the one given, then in the format the directory turns out to be in. */
    private LogConfig config;
    private final boolean readOnly;
    /** The format of the directory's segments: recognised from them, or the config's for a new log. */
    private BatchFormat format;
    private long truncatedBytes;
    private int rebuiltIndexes;
    private int removedTemporaries;
    private CorruptLogException ignoredTail;
    private final ForeignFiles foreign = new ForeignFiles();

    private LogRecovery(NativeDirectory dir, LogConfig config, boolean readOnly) {
        this.dir = dir;
        this.config = config;
        this.readOnly = readOnly;
    }

    static Recovered recover(Path path, NativeDirectory dir, LogConfig config, boolean readOnly) throws IOException {
        return new LogRecovery(dir, config, readOnly).run(path);
    }

    private Recovered run(Path path) throws IOException {
        List<Path> listed;
        try (Stream<Path> entries = Files.list(path)) {
            listed = entries.toList();
        }
        raceHook.accept(RacePoint.LISTED);
        List<Long> bases = new ArrayList<>();
        boolean clean = false;
        int vanishedSegments = 0;
        for (Path entry : listed) {
            String name = SegmentNames.requireSafe(entry.getFileName().toString());
            OptionalLong base = SegmentNames.parseLog(name);
            if (base.isPresent() || SegmentNames.isIndex(name) || name.equals(SegmentNames.RECOVERY_POINT)
                    || name.equals(SegmentNames.CLEAN_SHUTDOWN)) {
                try {
                    LogFiles.requireRegularFile(entry);
                } catch (java.nio.file.NoSuchFileException gone) {
                    if (!readOnly) {
                        throw gone; // the writer holds the lock: nobody else may delete its files
                    }
                    // the writer's retention deleted it since the listing: as if not listed
                    vanishedSegments += base.isPresent() ? 1 : 0;
                    continue;
                }
            }
            if (base.isPresent()) {
                bases.add(base.getAsLong());
            } else if (SegmentNames.isTemporary(name)) {
                if (!readOnly) {
                    LogFiles.deleteIfExists(dir, name);
                    removedTemporaries++;
                }
            } else if (name.equals(SegmentNames.CLEAN_SHUTDOWN)) {
                clean = true;
            } else if (!SegmentNames.isLogFile(name)) {
                foreign.add(name);
            }
        }
        if (bases.isEmpty() && vanishedSegments > 0) {
            throw new WriterMovedOn("every segment listed was deleted before it was looked at");
        }
        bases.sort(null);
        format = BatchFormat.of(LogFormatDetector.detect(dir, bases, listed, config.format()));
        config = config.withFormat(format.format());
        // a broker's clean stop is marked in its log dir; a reader may then trust the active segment's indexes
        boolean brokerStoppedCleanly = format.format() == LogFormat.KAFKA && readOnly && KafkaCheckpoints.cleanShutdown(path);
        raceHook.accept(RacePoint.CHECKED);
        long recoveryPoint = readRecoveryPoint();
        if (recoveryPoint == 0 && format.format() == LogFormat.KAFKA && !bases.isEmpty()) {
            recoveryPoint = brokersRecoveryPoint(path, bases);
        }
        List<Segment> segments = new ArrayList<>();
        try {
            if (readOnly) {
                recoverNewestFirst(bases, clean || brokerStoppedCleanly, recoveryPoint, segments);
            } else {
                recoverOldestFirst(bases, clean, recoveryPoint, segments);
            }
        } catch (IOException | RuntimeException e) {
            closeAll(segments);
            throw e;
        }
        if (clean && !readOnly) {
            LogFiles.deleteIfExists(dir, SegmentNames.CLEAN_SHUTDOWN);
            dir.sync();
        }
        // Removed temporaries need no directory sync: one that comes back after a crash goes at the next open.
        if (!foreign.isEmpty() && !segments.isEmpty()) {
            // without segments the open's own error says what the directory holds
            LOG.warn("{}: ignoring {}", path, foreign.describe());
        }
        return new Recovered(segments, format.format(), truncatedBytes, rebuiltIndexes, removedTemporaries, ignoredTail,
                foreign);
    }

    /**
     * The writer's order: a gap or a corrupt sealed segment is found before the active segment's
     * tail is cut, so a log that cannot be opened is left as it was.
     */
    private void recoverOldestFirst(List<Long> bases, boolean clean, long recoveryPoint, List<Segment> into)
            throws IOException {
        for (int i = 0; i < bases.size(); i++) {
            long base = bases.get(i);
            if (!into.isEmpty() && into.getLast().nextOffset() != base) {
                throw new CorruptLogException(SegmentNames.log(base), 0, "starts at offset " + base
                        + " but the segment before it ends at " + into.getLast().nextOffset());
            }
            boolean last = i == bases.size() - 1;
            into.add(last ? recoverActive(base, clean) : recoverSealed(base, base >= recoveryPoint));
        }
    }

    /**
     * A follower's order, while the writer may go on: the active segment is opened right after the
     * listing, and an older one found deleted (the writer's retention, oldest first) means the log
     * now starts after it.
     */
    private void recoverNewestFirst(List<Long> bases, boolean clean, long recoveryPoint, List<Segment> into)
            throws IOException {
        for (int i = bases.size() - 1; i >= 0; i--) {
            long base = bases.get(i);
            boolean last = i == bases.size() - 1;
            Segment segment;
            try {
                segment = last ? recoverActive(base, clean) : recoverSealed(base, base >= recoveryPoint);
            } catch (java.nio.file.NoSuchFileException gone) {
                if (last) {
                    throw gone; // the writer rolled past it and retention took it: the open starts again
                }
                return; // deleted since the listing, and so every segment before it
            }
            if (!into.isEmpty() && segment.nextOffset() != into.getFirst().baseOffset) {
                segment.close();
                throw new WriterMovedOn("segments before " + SegmentNames.log(into.getFirst().baseOffset)
                        + " went while listed");
            }
            into.addFirst(segment);
        }
    }

    private static void closeAll(List<Segment> segments) throws IOException {
        for (Segment s : segments) {
            s.close();
        }
    }

    /** Where a read-only recovery may find that the writer moved on. */
    enum RacePoint {
        /** The directory is listed; its entries are not yet checked. */
        LISTED,
        /** The entries are checked; the segments are not yet opened. */
        CHECKED,
        /** A segment is about to be opened (at each one). */
        OPENING
    }

    /** A seam for tests: runs at each {@link RacePoint} of every recovery (LogRaceTest). */
    static volatile java.util.function.Consumer<RacePoint> raceHook = point -> {
    };

    private NativeFile openSegment(long base) throws IOException {
        raceHook.accept(RacePoint.OPENING);
        return dir.openFile(SegmentNames.log(base), EnumSet.of(readOnly ? OpenFlag.READ : OpenFlag.READ_WRITE),
                NativeFile.DEFAULT_PERMISSIONS);
    }

    private Segment recoverSealed(long base, boolean verify) throws IOException {
        NativeFile file = openSegment(base);
        try {
            long size = file.size();
            int interval = config.indexIntervalBytes();
            SegmentIndexFiles.Loaded loaded = verify ? null : SegmentIndexFiles.load(dir, format, base, size, interval);
            if (loaded != null) {
                SegmentIndex index = loaded.offsets();
                long from = index.lastPosition();
                SegmentScanner.Result scan = SegmentScanner.scan(file, format, from,
                        from == 0 ? base : index.floorOffset(Long.MAX_VALUE, base), size, config.maxBatchBytes(), null,
                        false);
                if (scan.clean() && scan.nextOffset() >= 0) {
                    // retention by age needs the newest record of the whole segment, not of the part scanned
                    long newest = Math.max(scan.maxTimestamp(), loaded.newestTimestamp());
                    return new Segment(base, file, format, loaded.resume(size, scan.nextOffset(), interval), size,
                            scan.nextOffset(), newest, true);
                }
                // the index is advisory: it may be what is wrong, so check the whole segment before blaming it
                LOG.warn("{}/{}: {} after the last index entry; checking the whole segment", dir.path(),
                        SegmentNames.log(base), scan.clean() ? "no batch" : scan.problem());
            }
            SegmentIndexes indexes = SegmentIndexes.empty(format, base, interval);
            SegmentScanner.Result scan = SegmentScanner.scan(file, format, 0, base, size, config.maxBatchBytes(), indexes,
                    true);
            if (!scan.clean()) {
                throw new CorruptLogException(SegmentNames.log(base), scan.validEnd(), scan.problem());
            }
            Segment segment = new Segment(base, file, format, indexes, size, scan.nextOffset(), scan.maxTimestamp(), true);
            if (!readOnly) {
                SegmentIndexFiles.write(dir, segment);
                rebuiltIndexes++;
            }
            return segment;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private Segment recoverActive(long base, boolean clean) throws IOException {
        NativeFile file = openSegment(base);
        try {
            long size = file.size();
            int interval = config.indexIntervalBytes();
            // After a clean stop the saved indexes are trusted up to their last entry. A writer in Kafka's format
            // rebuilds them from the batches, as Kafka does (its indexer resumes only at a known end); a reader
            // resumes them after the scan, so opening a broker's partition reads only the tail of its active segment.
            boolean kafka = format.format() == LogFormat.KAFKA;
            SegmentIndexFiles.Loaded saved = clean && (!kafka || readOnly)
                    ? SegmentIndexFiles.load(dir, format, base, size, interval) : null;
            SegmentIndexes indexes = saved == null ? SegmentIndexes.empty(format, base, interval)
                    : kafka ? new SegmentIndexes(saved.offsets(), null) : saved.resume(size, base, interval);
            long from = saved != null ? saved.offsets().lastPosition() : 0;
            long fromOffset = saved != null ? saved.offsets().floorOffset(Long.MAX_VALUE, base) : base;
            SegmentScanner.Result scan = SegmentScanner.scan(file, format, from, fromOffset, size, config.maxBatchBytes(),
                    indexes, true);
            if (!scan.clean() && saved != null) {
                // never cut where only the saved index says a batch starts: find the end from the start
                LOG.warn("{}/{}: {} after the saved index's last entry; checking the whole segment", dir.path(),
                        SegmentNames.log(base), scan.problem());
                indexes = SegmentIndexes.empty(format, base, interval);
                scan = SegmentScanner.scan(file, format, 0, base, size, config.maxBatchBytes(), indexes, true);
            }
            if (!scan.clean()) {
                refuseIfBatchTooLarge(file, base, scan.validEnd(), size);
                if (readOnly) {
                    noteIgnoredTail(base, scan, size);
                } else {
                    LOG.warn("{}/{}: {} at byte {}; the tail ({} bytes) is not valid and was truncated", dir.path(),
                            SegmentNames.log(base), scan.problem(), scan.validEnd(), size - scan.validEnd());
                    file.truncate(scan.validEnd());
                    file.syncData();
                    truncatedBytes += size - scan.validEnd();
                }
            }
            if (!readOnly) {
                SegmentIndexFiles.delete(dir, base); // rewritten when sealed or closed
            }
            long newest = scan.maxTimestamp();
            if (saved != null && kafka && indexes.kafka() == null) {
                indexes = saved.resume(scan.validEnd(), scan.nextOffset(), interval);
                newest = Math.max(newest, saved.newestTimestamp());
            }
            return new Segment(base, file, format, indexes, scan.validEnd(), scan.nextOffset(), newest, false);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * A read-only recovery changes nothing: what follows the last valid batch is left out, and said,
     * unless it is zeros (a preallocated segment's unwritten part, as MMAP leaves while it writes).
     */
    private void noteIgnoredTail(long base, SegmentScanner.Result scan, long size) {
        if (scan.problem().equals(BatchFormat.ZEROS)) {
            return;
        }
        long left = size - scan.validEnd();
        ignoredTail = new CorruptLogException(SegmentNames.log(base), scan.validEnd(), scan.problem() + "; the " + left
                + (left == 1 ? " byte" : " bytes") + " from there to the segment's end are not read (a write in progress, "
                + "a torn write after a crash, which the writer's next open truncates, or damage)");
        LOG.debug("{}/{}", dir.path(), ignoredTail.getMessage());
    }

    /**
     * A batch whose header is plausible but longer than maxBatchBytes was written with a larger
     * limit: truncating it would destroy data, so recovery refuses instead.
     */
    private void refuseIfBatchTooLarge(NativeFile file, long base, long position, long size) throws IOException {
        if (size - position < format.headerBytes()) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocate(format.headerBytes());
            file.readFully(bytes, position);
            if (format.isLargerBatch(bytes, size - position, config.maxBatchBytes())) {
                throw new CorruptLogException(SegmentNames.log(base), position, "a batch of "
                        + format.header(bytes, position).size() + " bytes, more than maxBatchBytes ("
                        + config.maxBatchBytes() + "); open the log with the maxBatchBytes it was written with");
            }
        }
    }

    /**
     * For a partition a broker wrote (no recovery point of sluice's): the base offset of the first
     * segment Kafka itself would check at its next start, from the broker's log directory. After a
     * clean stop every sealed segment is trusted; else those before the one holding the checkpointed
     * recovery point.
     */
    private static long brokersRecoveryPoint(Path path, List<Long> bases) {
        if (KafkaCheckpoints.cleanShutdown(path)) {
            return bases.getLast();
        }
        OptionalLong offset = KafkaCheckpoints.recoveryPoint(path);
        long from = 0;
        for (long base : bases) {
            if (offset.isPresent() && base <= offset.getAsLong()) {
                from = base;
            }
        }
        return from;
    }

    private long readRecoveryPoint() throws IOException {
        byte[] content = LogFiles.read(dir, SegmentNames.RECOVERY_POINT, 64);
        if (content == null) {
            return 0;
        }
        try {
            return Long.parseLong(new String(content, StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            LOG.warn("{}/{} is unreadable; checking every segment", dir.path(), SegmentNames.RECOVERY_POINT);
            return 0;
        }
    }
}
