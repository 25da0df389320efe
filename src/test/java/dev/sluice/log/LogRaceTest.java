package dev.sluice.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.sluice.log.LogTesting.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The live races of a log, each forced into its one bad interleaving every time through
 * {@link RaceHooks}: the hook runs the writer's steps on the racing thread at the exact point,
 * so no timing decides whether the test sees the race. (jcstress would explore interleavings of
 * a few fields; these races span file I/O, a roll and retention, which a hook reaches directly.)
 */
@Tag("fs-matrix")
class LogRaceTest {
    private static final int RECORD_BYTES = 1000;

    @TempDir
    Path dir;

    /** Appends records until the active segment rolls: some land in it, then the roll seals it. */
    private static void appendUntilRoll(Log log) {
        try {
            Segment active = log.openSegments().getLast();
            while (!active.isSealed()) {
                log.append(new byte[RECORD_BYTES]);
            }
            log.append(new byte[RECORD_BYTES]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every offset the reader gets, reading until it has {@code count} records or finds no more. */
    private static List<Long> readAll(LogReader reader, List<Long> into, long count) throws IOException {
        while (into.size() < count && reader.read(100, (offset, timestamp, payload) -> into.add(offset)) > 0) {
            // keep reading
        }
        return into;
    }

    private static List<Long> range(long from, long to) {
        List<Long> offsets = new ArrayList<>();
        for (long o = from; o < to; o++) {
            offsets.add(o);
        }
        return offsets;
    }

    @Test
    void aReaderAtTheEndOfASegmentThatIsAppendedToAndSealedSkipsNothing() throws IOException {
        try (Log log = Log.open(dir, small())) {
            // the reader has read the active segment's end; before it asks whether the segment is
            // sealed, the writer appends to it and rolls
            assertAReaderAtTheEndSkipsNothing(log, log, () -> appendUntilRoll(log));
        }
    }

    @Test
    void aFollowersReaderAtTheEndOfASegmentThatARefreshExtendsAndSealsSkipsNothing() throws IOException {
        try (Log writer = Log.open(dir, small());
             Log follower = Log.openReadOnly(dir, small())) {
            // the follower's reader has read the segment's end; before it asks whether the segment is
            // sealed, the writer appends and rolls, and the follower's refresh (another thread in an
            // application) picks up both
            assertAReaderAtTheEndSkipsNothing(writer, follower, () -> {
                appendUntilRoll(writer);
                refreshFully(follower);
            });
        }
    }

    /**
     * Appends ten records, reads them from {@code readSide}, and then runs {@code race} once, at the
     * point where a reader of the active segment has read its end and not yet whether it is sealed.
     */
    private static void assertAReaderAtTheEndSkipsNothing(Log writer, Log readSide, Runnable race) throws IOException {
        for (int i = 0; i < 10; i++) {
            writer.append(new byte[RECORD_BYTES]);
        }
        if (readSide != writer) {
            refreshFully(readSide);
        }
        try (LogReader reader = readSide.reader(0, ReaderConfig.defaults())) {
            List<Long> seen = readAll(reader, new ArrayList<>(), 10);
            AtomicBoolean once = new AtomicBoolean();
            readSide.setRaceHooks(new RaceHooks() {
                @Override
                public void readerAtEnd(Segment segment) {
                    if (!segment.isSealed() && once.compareAndSet(false, true)) {
                        race.run();
                    }
                }
            });
            readAll(reader, seen, Long.MAX_VALUE);
            readAll(reader, seen, Long.MAX_VALUE);
            assertThat(once).isTrue();
            assertThat(seen).containsExactlyElementsOf(range(0, writer.endOffset()));
        }
    }

    /**
     * A seek to the end while the writer appends: the batch published after the seek passed the
     * batches before its offset is read, not skipped (the cursor stays where the scan stopped, it does
     * not jump to an end read afterwards). In both formats.
     */
    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void aSeekToTheEndWhileTheWriterAppendsSkipsNothing(LogFormat format) throws IOException {
        try (Log writer = Log.open(dir, small().toBuilder().format(format).build())) {
            for (int i = 0; i < 10; i++) {
                writer.append(new byte[RECORD_BYTES]);
            }
            long end = writer.endOffset();
            AtomicBoolean once = new AtomicBoolean();
            writer.setRaceHooks(new RaceHooks() {
                @Override
                public void seekScanned(Segment segment) {
                    if (once.compareAndSet(false, true)) {
                        try {
                            writer.append(new byte[RECORD_BYTES]);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }
            });
            try (LogReader reader = writer.reader(end, ReaderConfig.defaults())) {
                assertThat(once).isTrue();
                List<LogRecord> next = reader.poll(1);
                assertThat(next).as("the record appended during the seek").hasSize(1);
                assertThat(next.getFirst().offset()).isEqualTo(end);
            }
        }
    }

    /**
     * A guard rather than a race that happened: refresh names the segment it looks for after the
     * end it has scanned, so a roll after its scan is found only once a later refresh has scanned
     * up to the roll.
     */
    @Test
    void aFollowerRefreshingWhileTheWriterAppendsAndRollsSkipsNothing() throws IOException {
        try (Log writer = Log.open(dir, small())) {
            for (int i = 0; i < 10; i++) {
                writer.append(new byte[RECORD_BYTES]);
            }
            try (Log follower = Log.openReadOnly(dir, small())) {
                AtomicBoolean once = new AtomicBoolean();
                // the follower has scanned the last segment; before it looks for the next one, the
                // writer appends to the scanned segment and rolls
                follower.setRaceHooks(new RaceHooks() {
                    @Override
                    public void refreshScanned(Segment segment) {
                        if (once.compareAndSet(false, true)) {
                            appendUntilRoll(writer);
                        }
                    }
                });
                refreshFully(follower);
                assertThat(once).isTrue();
                try (LogReader reader = follower.reader(0, ReaderConfig.defaults())) {
                    assertThat(readAll(reader, new ArrayList<>(), Long.MAX_VALUE))
                            .containsExactlyElementsOf(range(0, writer.endOffset()));
                }
            }
        }
    }

    /** Found by LogLiveContractTest: a follower took its own empty segment's name for the next one. */
    @Test
    void aFollowerOfASegmentWithNothingValidYetWaitsForItInsteadOfRollingPastIt() throws IOException {
        try (Log writer = Log.open(dir, small());
             Log follower = Log.openReadOnly(dir, small())) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> follower.refresh());
            assertThat(follower.segments()).hasSize(1);
            for (int i = 0; i < 10; i++) {
                writer.append(new byte[RECORD_BYTES]);
            }
            refreshFully(follower);
            try (LogReader reader = follower.reader(0, ReaderConfig.defaults())) {
                assertThat(readAll(reader, new ArrayList<>(), Long.MAX_VALUE)).containsExactlyElementsOf(range(0, 10));
            }
        }
    }

    /** Found by LogLiveContractTest on tmpfs: a follower whose next segments retention deleted unseen stopped there for good. */
    @Test
    void aFollowerThatRetentionOvertookCatchesUpAndItsReadersAreToldOfTheGap() throws IOException {
        LogConfig config = small().toBuilder().retention(3 * LogTesting.SEGMENT_BYTES, null).build();
        try (Log writer = Log.open(dir, config);
             Log follower = Log.openReadOnly(dir, config);
             LogReader reader = follower.reader(0, ReaderConfig.defaults())) {
            for (int i = 0; i < 1000; i++) { // about 15 segments; retention keeps the last few
                writer.append(new byte[RECORD_BYTES]);
            }
            refreshFully(follower);
            assertThat(follower.endOffset()).isEqualTo(writer.endOffset());
            assertThat(follower.startOffset()).isEqualTo(writer.startOffset());
            assertThatThrownBy(() -> readAll(reader, new ArrayList<>(), Long.MAX_VALUE))
                    .hasMessageContaining("deleted by retention");
            reader.seek(follower.startOffset());
            assertThat(readAll(reader, new ArrayList<>(), Long.MAX_VALUE))
                    .containsExactlyElementsOf(range(writer.startOffset(), writer.endOffset()));
        }
    }

    /** Retention that deletes the oldest segment at each roll of a log of several segments. */
    private static final LogConfig RETAINING = small().toBuilder().retention(3 * LogTesting.SEGMENT_BYTES, null).build();

    /** A writer of {@link #RETAINING} with several segments. */
    private Log retainingWriter() throws IOException {
        Log writer = Log.open(dir, RETAINING);
        for (int i = 0; i < 300; i++) {
            writer.append(new byte[RECORD_BYTES]);
        }
        return writer;
    }

    /** A read-only open whose recovery runs {@code hook} at each of its race points. */
    private Log openReadOnlyRacing(java.util.function.Consumer<LogRecovery.RacePoint> hook) throws IOException {
        LogRecovery.raceHook = hook;
        try {
            return Log.openReadOnly(dir, RETAINING);
        } finally {
            LogRecovery.raceHook = at -> { };
        }
    }

    /**
     * Found by LogLiveContractTest on tmpfs: a read-only open lists the directory, and the writer's
     * retention deletes the oldest segment and its index before the open looks at them. The open
     * used to start again from the listing and, with a writer that rolls faster than it lists, gave
     * up after its last attempt. Here the writer rolls at every point of every attempt.
     */
    @ParameterizedTest
    @EnumSource(value = LogRecovery.RacePoint.class, names = {"LISTED", "CHECKED"})
    void aReadOnlyOpenWhileRetentionDeletesTheOldestSegmentStartsAfterIt(LogRecovery.RacePoint point) throws IOException {
        try (Log writer = retainingWriter()) {
            java.util.concurrent.atomic.AtomicInteger rolls = new java.util.concurrent.atomic.AtomicInteger();
            try (Log follower = openReadOnlyRacing(at -> {
                if (at == point) {
                    long start = writer.startOffset();
                    while (writer.startOffset() == start) {
                        appendUntilRoll(writer);
                    }
                    rolls.incrementAndGet();
                }
            })) {
                assertThat(rolls).as("recoveries raced").hasValue(1);
                refreshFully(follower);
                assertThat(follower.startOffset()).isEqualTo(writer.startOffset());
                try (LogReader reader = follower.reader(follower.startOffset(), ReaderConfig.defaults())) {
                    assertThat(readAll(reader, new ArrayList<>(), Long.MAX_VALUE))
                            .containsExactlyElementsOf(range(writer.startOffset(), writer.endOffset()));
                }
            }
        }
    }

    /**
     * Found by LogLiveContractTest on tmpfs: a read-only open that opened the oldest segment first
     * found the newest one gone by the time it got there (a cold JVM recovering sixteen segments
     * while the writer rolled sixteen times), and so on at every attempt. Here the writer rolls
     * twice before each segment the open opens.
     */
    @Test
    void aReadOnlyOpenSlowerThanTheWritersRollsStillOpens() throws IOException {
        try (Log writer = retainingWriter();
             Log follower = openReadOnlyRacing(at -> {
                 if (at == LogRecovery.RacePoint.OPENING) {
                     appendUntilRoll(writer);
                     appendUntilRoll(writer);
                 }
             })) {
            refreshFully(follower);
            assertThat(follower.startOffset()).isEqualTo(writer.startOffset());
            assertThat(follower.endOffset()).isEqualTo(writer.endOffset());
        }
    }

    /** A guard for the case above: the writer moved past every segment the open listed. */
    @Test
    void aReadOnlyOpenWhoseListedSegmentsAreAllDeletedMeanwhileTriesAgain() throws IOException {
        try (Log writer = retainingWriter()) {
            long listedEnd = writer.endOffset();
            AtomicBoolean once = new AtomicBoolean();
            try (Log follower = openReadOnlyRacing(at -> {
                if (at == LogRecovery.RacePoint.LISTED && once.compareAndSet(false, true)) {
                    while (writer.startOffset() <= listedEnd) {
                        appendUntilRoll(writer);
                    }
                }
            })) {
                assertThat(once).isTrue();
                assertThat(follower.startOffset()).isEqualTo(writer.startOffset());
                assertThat(follower.endOffset()).isEqualTo(writer.endOffset());
            }
        }
    }

    /**
     * Found by LogLiveContractTest on tmpfs: between retention deleting the oldest segment's files
     * and dropping it from the list, startOffset() still named it, so a reader sent there (as the
     * retention error itself advised) found its file gone.
     */
    @Test
    void aReaderOpenedAtTheStartWhileRetentionDeletesTheOldestSegmentReadsRecords() throws IOException {
        try (Log log = retainingWriter()) {
            List<Long> seen = new ArrayList<>();
            AtomicBoolean once = new AtomicBoolean();
            log.setRaceHooks(new RaceHooks() {
                @Override
                public void retentionDeleted(Segment segment) {
                    if (once.compareAndSet(false, true)) {
                        long start = log.startOffset();
                        try (LogReader reader = log.reader(start, ReaderConfig.defaults())) {
                            readAll(reader, seen, 5);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }
            });
            appendUntilRoll(log);
            assertThat(once).isTrue();
            assertThat(seen).isNotEmpty();
            assertThat(seen.getFirst()).isEqualTo(log.startOffset());
        }
    }

    private static void refreshFully(Log follower) {
        try {
            follower.refresh();
            while (follower.refresh()) {
                // until nothing more
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aSyncWhoseSegmentIsRolledAndDeletedByRetentionMeanwhileSucceeds() throws IOException {
        // retention of 1 byte deletes every sealed segment at each roll
        LogConfig config = small().toBuilder().retention(1, null).build();
        try (Log log = Log.open(dir, config)) {
            log.append(new byte[RECORD_BYTES]);
            AtomicBoolean once = new AtomicBoolean();
            // flush() has chosen the active segment and let go of the append lock; before its
            // fdatasync, the writer rolls that segment and retention closes and deletes it
            log.setRaceHooks(new RaceHooks() {
                @Override
                public void beforeSync(Segment segment) {
                    if (once.compareAndSet(false, true)) {
                        appendUntilRoll(log);
                        assertThat(segment.file.isOpen()).as("retention closed the segment").isFalse();
                    }
                }
            });
            log.flush();
            assertThat(once).isTrue();
            assertThat(log.hasFailed()).isFalse();
            long next = log.append(new byte[RECORD_BYTES]);
            log.flush();
            assertThat(log.durableOffset()).isEqualTo(next + 1);
        }
    }
}
