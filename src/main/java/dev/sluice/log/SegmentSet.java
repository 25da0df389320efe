package dev.sluice.log;

import dev.sluice.sys.Advice;
import dev.sluice.sys.NativeDirectory;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Supplier;

/**
 * The log's segments, oldest first, and where retention has moved the start. The one place that
 * changes them (a roll seals one and starts the next, retention retires the oldest, a follower
 * takes in the writer's), and the one place readers ask what exists: where an offset is, and what
 * follows the end of the segment they are in. The list is replaced, never changed in place, so a
 * snapshot of it stays consistent; its last segment is the active one.
 */
final class SegmentSet implements AutoCloseable {
    /** Under the facade's name, as before the split: what a user's logging configuration names. */
    private static final Logger LOG = LoggerFactory.getLogger(Log.class);

    private final NativeDirectory dir;
    private final LogConfig config;
    private final LogFailure failure;
    private final Supplier<RaceHooks> hooks;
    private volatile List<Segment> segments;
    /**
     * Where retention has moved the start to: ahead of the list while it deletes the oldest
     * segment's files, and ahead of it for good if a delete fails (the next roll tries again).
     */
    private volatile long retainedFrom;

    SegmentSet(NativeDirectory dir, LogConfig config, List<Segment> recovered, LogFailure failure,
               Supplier<RaceHooks> hooks) {
        this.dir = dir;
        this.config = config;
        this.failure = failure;
        this.hooks = hooks;
        this.segments = List.copyOf(recovered);
    }

    /** Creates the empty segment that starts at {@code base}, its directory entry synced. */
    static Segment create(NativeDirectory dir, LogConfig config, long base) throws IOException {
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
        BatchFormat format = BatchFormat.of(config.format());
        return new Segment(base, file, format, SegmentIndexes.empty(format, base, config.indexIntervalBytes()), 0, base, 0,
                false);
    }

    /** {@return the log's race hooks now (tests force interleavings through them)} */
    RaceHooks hooks() {
        return hooks.get();
    }

    /** {@return the segments now, oldest first; the last is the active one} */
    List<Segment> list() {
        return segments;
    }

    /** {@return the newest segment: the active one, or for a follower the newest it knows} */
    Segment last() {
        return segments.getLast();
    }

    /** {@return the first offset still in the log} */
    long startOffset() {
        return Math.max(segments.getFirst().baseOffset, retainedFrom);
    }

    /** {@return the offset after the last record} */
    long endOffset() {
        return segments.getLast().nextOffset();
    }

    /** {@return the segments now, as {@code sluice log stat} shows them} */
    List<SegmentInfo> infos() {
        List<Segment> current = segments;
        List<SegmentInfo> infos = new ArrayList<>(current.size());
        for (Segment s : current) {
            infos.add(new SegmentInfo(s.name, s.baseOffset, s.end(), s.nextOffset() - s.baseOffset, s.nextOffset() - 1,
                    !s.isSealed()));
        }
        return infos;
    }

    /**
     * The segment that holds {@code offset}, checked against the log's bounds.
     *
     * @throws IllegalArgumentException if {@code offset} is outside [start, end]
     */
    Segment locate(long offset) {
        List<Segment> snapshot = segments;
        long start = startOffset(); // never before this snapshot's first segment: the list only loses its front
        long end = snapshot.getLast().nextOffset();
        if (offset < start || offset > end) {
            throw new IllegalArgumentException("offset " + offset + " is outside the log [" + start + ", " + end + "]");
        }
        Segment target = snapshot.getFirst();
        for (Segment s : snapshot) {
            if (s.baseOffset <= offset) {
                target = s;
            }
        }
        return target;
    }

    /**
     * What a reader at byte {@code position} of {@code current} reads next: a batch of {@code current}
     * itself, the first batch of the segment that follows it (once it is sealed and read to its end), or
     * nothing yet (null).
     *
     * @throws IOException if retention deleted the records between {@code current} and what follows it
     */
    Segment whereNext(Segment current, long position) throws IOException {
        // Sealed first, then the end: a segment's end is final once it is sealed, so an end read
        // after seeing it sealed is the last one. Read the other way round, a batch appended and
        // sealed in between would be skipped.
        boolean sealed = current.isSealed();
        if (position < current.end()) {
            return current;
        }
        hooks.get().readerAtEnd(current);
        Segment next = sealed ? after(current) : null;
        if (next != null && next.baseOffset != current.nextOffset()) {
            // retention deleted the segments in between while the reader was still in an older one
            throw new IOException("offsets " + current.nextOffset() + " to " + (next.baseOffset - 1)
                    + " were deleted by retention; seek to " + startOffset() + " or later");
        }
        return next;
    }

    /**
     * Opens {@code target} for reading through a descriptor of the caller's own (one a roll or
     * retention here can never close under it).
     *
     * @throws IOException naming where to seek to if retention deleted the segment
     */
    NativeFile openForReading(Segment target) throws IOException {
        try {
            return dir.openFile(target.name, EnumSet.of(OpenFlag.READ), NativeFile.DEFAULT_PERMISSIONS);
        } catch (NoSuchFileException e) {
            Segment after = after(target); // retention deletes oldest first: those after it may be there
            long start = Math.max(startOffset(), after == null ? target.nextOffset() : after.baseOffset);
            throw new IOException("segment " + target.name + " was deleted by retention; seek to " + start
                    + " or later", e);
        }
    }

    /** The segment after {@code segment} in the log now (the first one, if retention deleted those between), or null. */
    Segment after(Segment segment) {
        for (Segment s : segments) {
            if (s.baseOffset > segment.baseOffset) {
                return s;
            }
        }
        return null;
    }

    /**
     * Seals the active segment, whose writer has trimmed it: synced, its index written, marked
     * sealed (readers may then take its end as final), and dropped from the cache if the log's hint
     * says so.
     */
    void seal(Segment active) throws IOException {
        active.file.syncData();
        SegmentIndexFiles.write(dir, active);
        active.seal();
        if (config.cacheHint() != CacheHint.KEEP) {
            active.file.advise(Advice.DONTNEED, 0, 0);
        }
    }

    /** Creates the segment after the sealed active one and makes it the active one. */
    Segment startNext(Segment sealed) throws IOException {
        Segment next = create(dir, config, sealed.nextOffset());
        add(next);
        return next;
    }

    /** Records that every segment before {@code active} is sealed and synced: recovery trusts them. */
    void recordRecoveryPoint(Segment active) throws IOException {
        LogFiles.writeAtomically(dir, SegmentNames.RECOVERY_POINT, Long.toString(active.baseOffset));
    }

    /**
     * Deletes the oldest sealed segments while the log is over its size or age limit.
     *
     * @throws LogFailedException if syncing the directory fails
     */
    void applyRetention() throws IOException {
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
            SegmentIndexFiles.delete(dir, oldest.baseOffset);
            LogFiles.deleteIfExists(dir, oldest.name);
            hooks.get().retentionDeleted(oldest);
            segments = List.copyOf(segments.subList(1, segments.size()));
            try {
                dir.sync();
            } catch (IOException e) {
                throw failure.fail(e); // an fsync-family error: never retried, never acknowledged past
            }
            oldest.close(); // readers read through descriptors of their own
            LOG.debug("{}: retention deleted {}", dir.path(), oldest.name);
        }
    }

    /** A follower saw the writer roll to {@code next}: what the newest segment holds now is final. */
    void followerRolled(Segment next) {
        segments.getLast().seal();
        add(next);
    }

    /** A follower found the oldest segment's file deleted by the writer's retention: it leaves the log. */
    void retireOldest() throws IOException {
        Segment retired = segments.getFirst();
        segments = List.copyOf(segments.subList(1, segments.size()));
        retired.close(); // readers read through descriptors of their own
    }

    private void add(Segment next) {
        List<Segment> all = new ArrayList<>(segments);
        all.add(next);
        segments = List.copyOf(all);
    }

    /** Closes every segment's descriptor (readers have their own). */
    @Override
    public void close() throws IOException {
        for (Segment s : segments) {
            s.close();
        }
    }
}
