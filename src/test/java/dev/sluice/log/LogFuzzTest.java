package dev.sluice.log;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fuzz targets for everything that parses bytes or names read from a log directory.
 *
 * <p>Plain {@code mvn test} replays the committed inputs in
 * {@code src/test/resources/dev/sluice/log/LogFuzzTestInputs/<method>/} (plus an empty input) as
 * regression tests. To fuzz one target for real (findings are added to that directory, the
 * generated corpus goes to {@code .cifuzz-corpus/}):
 * <pre>
 * JAZZER_FUZZ=1 mvn test -Dtest='LogFuzzTest#batchDecoder' -Djazzer.max_duration=60s
 * </pre>
 * Input formats (so seeds can be written by hand, see {@link FuzzSeeds}):
 * <ul>
 * <li>{@link #batchDecoder}: raw bytes, read as one batch (and then as a run of batches);</li>
 * <li>{@link #recovery}: one mode byte, then the bytes of a segment file (see {@link #recovery});</li>
 * <li>{@link #indexLookup}: int64 base offset, int64 segment size (big-endian), then an index file;</li>
 * <li>{@link #segmentNames}: a UTF-8 file name (malformed UTF-8 turns into U+FFFD).</li>
 * </ul>
 */
class LogFuzzTest {
    /** What the fuzz targets open logs with: the small configuration of the other log tests. */
    static final int MAX_BATCH_BYTES = LogTesting.MAX_BATCH_BYTES;

    private static Path root;
    private static long runs;

    @BeforeAll
    static void createRoot() throws IOException {
        // tmpfs when there is one: recovery and close fsync, which on a disk costs more than the rest of a run
        Path shm = Path.of("/dev/shm");
        root = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "sluice-fuzz")
                : Files.createTempDirectory("sluice-fuzz");
    }

    @AfterAll
    static void deleteRoot() throws IOException {
        deleteTree(root);
    }

    // ---------------------------------------------------------------- a. the batch decoder

    /**
     * Arbitrary bytes through the decoder exactly as the scanner and the reader use it: the header
     * is checked before anything is sized from it, the body (CRC, framing) before records are
     * decoded. Nothing may throw, a passing header never claims more than maxBatchBytes, and
     * decoded records account for exactly the batch's bytes.
     */
    @FuzzTest
    void batchDecoder(byte[] input) {
        MemorySegment bytes = MemorySegment.ofArray(input);
        // as one batch, with and without an expected base offset
        decodeOne(bytes, -1);
        if (input.length >= Batch.HEADER_BYTES) {
            decodeOne(bytes, bytes.get(JAVA_LONG_BE, 12));
            decodeOne(bytes, 0);
            // bodyProblem is documented for header-checked batches, but must not throw on any
            // slice of at least a header: its record walk is bounded by the slice
            Batch.bodyProblem(bytes);
        }
        decodeRun(bytes);
        // the same bytes with every CRC made right, so the fuzzer gets past the checksum to the
        // record framing, offsets and counts
        byte[] fixed = input.clone();
        if (fixCrcs(fixed)) {
            MemorySegment fixedBytes = MemorySegment.ofArray(fixed);
            decodeOne(fixedBytes, -1);
            decodeRun(fixedBytes);
        }
    }

    /** Decodes {@code bytes} as a run of batches from position 0, as a scan does. */
    private static void decodeRun(MemorySegment bytes) {
        long length = bytes.byteSize();
        long position = 0;
        long expected = -1;
        while (length - position >= Batch.HEADER_BYTES) {
            MemorySegment rest = bytes.asSlice(position);
            Batch.Header h = Batch.header(rest, position);
            if (Batch.headerProblem(h, expected, rest.byteSize(), MAX_BATCH_BYTES) != null) {
                break;
            }
            MemorySegment batch = rest.asSlice(0, h.size());
            if (Batch.bodyProblem(batch) != null) {
                break;
            }
            assertCrcMatches(batch);
            List<LogRecord> records = Batch.records(batch);
            assertThat(records.getFirst().offset()).isEqualTo(h.baseOffset());
            expected = h.nextOffset();
            position = h.end();
        }
    }

    /**
     * Rewrites the CRC of each batch whose length field fits, walking from position 0 by length
     * fields; returns whether it changed anything.
     */
    static boolean fixCrcs(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        boolean changed = false;
        int position = 0;
        while (bytes.length - position >= 8) {
            int length = b.getInt(position);
            if (length < 4 || length > bytes.length - position - 4) {
                break;
            }
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(bytes, position + 8, length - 4);
            if (b.getInt(position + 4) != (int) crc.getValue()) {
                b.putInt(position + 4, (int) crc.getValue());
                changed = true;
            }
            position += 4 + length;
        }
        return changed;
    }

    /**
     * A batch the decoder accepted carries the CRC32C of its bytes from offset 8 to its end in bytes
     * 4-7 (FORMAT.md), computed here on a copy with java.util.zip, not through {@link Batch}: a
     * decoder that skips or botches the check fails this.
     */
    static void assertCrcMatches(MemorySegment batch) {
        byte[] bytes = batch.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 8, bytes.length - 8);
        int stored = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).getInt(4);
        assertThat(stored).as("the stored CRC of a batch the decoder accepted (%d bytes)", bytes.length)
                .isEqualTo((int) crc.getValue());
    }

    private static final java.lang.foreign.ValueLayout.OfLong JAVA_LONG_BE =
            java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private static void decodeOne(MemorySegment bytes, long expectedOffset) {
        if (bytes.byteSize() < Batch.HEADER_BYTES) {
            return; // header() needs a whole header: every caller checks this first
        }
        Batch.Header h = Batch.header(bytes, 0);
        String headerProblem = Batch.headerProblem(h, expectedOffset, bytes.byteSize(), MAX_BATCH_BYTES);
        if (headerProblem != null) {
            return;
        }
        // a header that passes bounds everything the batch can cost
        assertThat(h.size()).isBetween((long) Batch.HEADER_BYTES, (long) MAX_BATCH_BYTES);
        assertThat(h.size()).isLessThanOrEqualTo(bytes.byteSize());
        assertThat(h.recordCount()).isPositive();
        if (expectedOffset >= 0) {
            assertThat(h.baseOffset()).isEqualTo(expectedOffset);
        }
        MemorySegment batch = bytes.asSlice(0, h.size());
        if (Batch.bodyProblem(batch) != null) {
            return;
        }
        assertCrcMatches(batch);
        List<LogRecord> records = Batch.records(batch);
        assertThat(records).hasSize(h.recordCount());
        long payloadBytes = 0;
        for (int i = 0; i < records.size(); i++) {
            LogRecord r = records.get(i);
            assertThat(r.offset()).isEqualTo(h.baseOffset() + i);
            payloadBytes += Batch.RECORD_OVERHEAD + r.payload().length;
        }
        // framing is exact: the records fill the batch, so their payloads never exceed it
        assertThat(Batch.HEADER_BYTES + payloadBytes).isEqualTo(h.size());
        // and encoding the decoded payloads again gives a batch the decoder accepts the same way
        List<MemorySegment> payloads = records.stream().map(r -> MemorySegment.ofArray(r.payload())).toList();
        assertThat(Batch.encodedSize(payloads)).isEqualTo((int) h.size());
        MemorySegment again = MemorySegment.ofArray(new byte[(int) h.size()]);
        Batch.encode(again, h.baseOffset(), h.firstTimestamp(), payloads);
        assertThat(Batch.bodyProblem(again)).isNull();
        List<LogRecord> reread = Batch.records(again);
        for (int i = 0; i < records.size(); i++) {
            assertThat(reread.get(i).payload()).isEqualTo(records.get(i).payload());
        }
    }

    // ---------------------------------------------------------------- b. recovery

    /** A valid sealed segment of three records (offsets 0-2) that mode 1 puts before the fuzzed one. */
    static byte[] sealedPrefixSegment() {
        return FuzzSeeds.segment(0, 3, 1_700_000_000_000L);
    }

    /**
     * Input: a mode byte, then the bytes of a segment. Mode bits:
     * <ul>
     * <li>bits 0-1: 0 the bytes are the only (active) segment {@code 00000000000000000000.log};
     *     1 a valid sealed segment of offsets 0-2 comes first and the bytes are the active segment
     *     {@code 00000000000000000003.log}; 2 the bytes are sealed segment 0 and an empty active
     *     segment at offset 3 follows; 3 as 2, with the recovery point at 3 (segment 0 trusted);</li>
     * <li>bit 2: a {@code clean-shutdown} marker is present;</li>
     * <li>bit 3: a valid index for the prefix segment of mode 1 is present (its recovery point is 3);</li>
     * <li>bit 4: the CRCs of the fuzzed segment's batches are made right first ({@link #fixCrcs}), so
     *     the fuzzer reaches the checks behind the checksum.</li>
     * </ul>
     * {@code Log.open} must succeed or throw an IOException; when it succeeds the active segment is
     * a prefix of what was there, the log reads back as a dense run of offsets, survives a clean
     * close and reopen unchanged, and verifies clean.
     */
    @FuzzTest
    void recovery(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        int mode = input[0] & 0xff;
        byte[] segment = Arrays.copyOfRange(input, 1, input.length);
        if ((mode & 16) != 0) {
            fixCrcs(segment);
        }
        Path dir = root.resolve("r" + runs++);
        Files.createDirectories(dir);
        try {
            String activeName;
            switch (mode & 3) {
                case 0 -> {
                    activeName = SegmentNames.log(0);
                    Files.write(dir.resolve(activeName), segment);
                }
                case 1 -> {
                    Files.write(dir.resolve(SegmentNames.log(0)), sealedPrefixSegment());
                    activeName = SegmentNames.log(3);
                    Files.write(dir.resolve(activeName), segment);
                    if ((mode & 8) != 0) {
                        try (Arena arena = Arena.ofConfined()) {
                            SegmentIndex index = new SegmentIndex(LogTesting.INDEX_INTERVAL_BYTES);
                            index.onBatch(0, 0);
                            Files.write(dir.resolve(SegmentNames.index(0)),
                                    index.serialize(arena).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
                        }
                        Files.writeString(dir.resolve(SegmentNames.RECOVERY_POINT), "3");
                    }
                }
                default -> {
                    Files.write(dir.resolve(SegmentNames.log(0)), segment);
                    activeName = SegmentNames.log(3);
                    Files.write(dir.resolve(activeName), new byte[0]);
                    if ((mode & 3) == 3) {
                        Files.writeString(dir.resolve(SegmentNames.RECOVERY_POINT), "3");
                    }
                }
            }
            if ((mode & 4) != 0) {
                Files.write(dir.resolve(SegmentNames.CLEAN_SHUTDOWN), new byte[0]);
            }
            byte[] activeBefore = Files.readAllBytes(dir.resolve(activeName));
            LogConfig config = LogTesting.small();
            List<LogRecord> first;
            long start;
            long end;
            try (Log log = openOrNull(dir, config)) {
                if (log == null) {
                    return;
                }
                start = log.startOffset();
                end = log.endOffset();
                assertThat(end).isGreaterThanOrEqualTo(start);
                byte[] activeAfter = Files.readAllBytes(dir.resolve(SegmentNames.log(log.segments().getLast().baseOffset())));
                if (log.segments().getLast().name().equals(activeName)) {
                    // recovery only ever cuts the active segment's tail
                    assertThat(activeAfter.length).isLessThanOrEqualTo(activeBefore.length);
                    assertThat(Arrays.equals(activeAfter, 0, activeAfter.length, activeBefore, 0, activeAfter.length))
                            .as("the recovered active segment is a prefix of what was on disk").isTrue();
                }
                first = LogTesting.readAll(log, start);
                assertThat(first).as("records read back").hasSize((int) (end - start));
                for (int i = 0; i < first.size(); i++) {
                    assertThat(first.get(i).offset()).isEqualTo(start + i);
                }
                // and from any offset, the same suffix
                if (end > start) {
                    long mid = start + (end - start) / 2;
                    assertThat(LogTesting.readAll(log, mid).stream().map(LogRecord::offset).toList())
                            .isEqualTo(first.subList((int) (mid - start), first.size()).stream().map(LogRecord::offset).toList());
                }
            }
            LogVerifier.Result verified = LogVerifier.verify(dir, config);
            assertThat(verified.clean()).as("verify after recovery: %s", verified).isTrue();
            try (Log again = Log.open(dir, config)) {
                assertThat(again.startOffset()).isEqualTo(start);
                assertThat(again.endOffset()).isEqualTo(end);
                List<LogRecord> second = LogTesting.readAll(again, start);
                assertThat(second).hasSize(first.size());
                for (int i = 0; i < first.size(); i++) {
                    assertThat(second.get(i).payload()).isEqualTo(first.get(i).payload());
                }
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** The log, or null when open refused it with an IOException (corruption it must not cut). */
    private static Log openOrNull(Path dir, LogConfig config) {
        try {
            return Log.open(dir, config);
        } catch (IOException e) {
            return null; // CorruptLogException and friends: refusing is allowed
        }
    }

    // ---------------------------------------------------------------- c. index lookup

    /**
     * Input: int64 base offset, int64 segment size (big-endian, sign bit cleared), then the index
     * file. deserialize returns null or an index whose entries are in range and increasing, that
     * serializes back to the same bytes, and whose lookups agree with a linear search.
     */
    @FuzzTest
    void indexLookup(byte[] input) {
        if (input.length < 16) {
            return;
        }
        ByteBuffer params = ByteBuffer.wrap(input, 0, 16).order(ByteOrder.BIG_ENDIAN);
        long baseOffset = params.getLong() & Long.MAX_VALUE;
        long segmentSize = params.getLong() & Long.MAX_VALUE;
        byte[] content = Arrays.copyOfRange(input, 16, input.length);
        SegmentIndex index = SegmentIndex.deserialize(MemorySegment.ofArray(content), LogTesting.INDEX_INTERVAL_BYTES,
                baseOffset, segmentSize);
        List<Long> queries = new ArrayList<>(List.of(Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE, baseOffset,
                baseOffset - 1, baseOffset + 1, segmentSize, segmentSize - 1));
        if (index == null) {
            return;
        }
        List<long[]> entries = index.entries();
        assertThat(index.size()).isEqualTo(entries.size());
        assertThat((long) content.length).isEqualTo((long) entries.size() * SegmentIndex.ENTRY_BYTES
                + SegmentIndex.TRAILER_BYTES);
        for (int i = 0; i < entries.size(); i++) {
            long[] e = entries.get(i);
            assertThat(e[0]).isGreaterThanOrEqualTo(baseOffset);
            assertThat(e[1]).isBetween(0L, segmentSize - 1);
            if (i > 0) {
                assertThat(e[0]).isGreaterThan(entries.get(i - 1)[0]);
                assertThat(e[1]).isGreaterThan(entries.get(i - 1)[1]);
            }
            for (long d = -1; d <= 1; d++) {
                queries.add(e[0] + d);
                queries.add(e[1] + d);
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            assertThat(index.serialize(arena).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))
                    .as("serialize(deserialize(x)) == x").isEqualTo(content);
        }
        assertThat(index.lastPosition()).isEqualTo(entries.isEmpty() ? 0 : entries.getLast()[1]);
        List<Long> froms = new ArrayList<>(queries.subList(0, Math.min(queries.size(), 40)));
        for (long q : queries) {
            long[] floor = null;
            long[] exact = null;
            long[] boundary = null;
            for (long[] e : entries) {
                if (e[0] <= q) {
                    floor = e;
                }
                if (e[1] == q) {
                    exact = e;
                }
                if (e[1] <= q) {
                    boundary = e;
                }
            }
            assertThat(index.floorPosition(q)).isEqualTo(floor == null ? 0 : floor[1]);
            assertThat(index.floorOffset(q, -7)).isEqualTo(floor == null ? -7 : floor[0]);
            assertThat(index.offsetAt(q)).isEqualTo(exact == null ? -1 : exact[0]);
            for (long from : froms) {
                long want = boundary != null && boundary[1] > from ? boundary[1] : -1;
                assertThat(index.boundaryAtMost(from, q)).isEqualTo(want);
            }
        }
    }

    // ---------------------------------------------------------------- d. segment names

    private static final Pattern LOG_NAME = Pattern.compile("[0-9]{20}\\.log");
    private static final Pattern INDEX_NAME = Pattern.compile("[0-9]{20}\\.index");

    /**
     * Input: a UTF-8 file name. Unsafe names are refused with IllegalArgumentException by every
     * parser; safe ones are classified exactly as docs/FORMAT.md says, and parseLog round-trips
     * {@link SegmentNames#log}. The first 8 bytes also give an offset whose names must round-trip.
     */
    @FuzzTest
    void segmentNames(byte[] input) {
        String name = new String(input, StandardCharsets.UTF_8);
        boolean unsafe = name.isEmpty() || name.contains("/") || name.contains("\0") || name.equals(".")
                || name.equals("..");
        if (unsafe) {
            assertThatThrownBy(() -> SegmentNames.requireSafe(name)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> SegmentNames.parseLog(name)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> SegmentNames.isIndex(name)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> SegmentNames.isTemporary(name)).isInstanceOf(IllegalArgumentException.class);
        } else {
            assertThat(SegmentNames.requireSafe(name)).isSameAs(name);
            OptionalLong base = SegmentNames.parseLog(name);
            if (LOG_NAME.matcher(name).matches() && fitsInLong(name.substring(0, 20))) {
                assertThat(base).hasValue(Long.parseLong(name.substring(0, 20)));
                assertThat(SegmentNames.log(base.getAsLong())).as("parseLog round-trips log(n)").isEqualTo(name);
            } else {
                assertThat(base).isEmpty();
            }
            assertThat(SegmentNames.isIndex(name)).isEqualTo(INDEX_NAME.matcher(name).matches());
            assertThat(SegmentNames.isTemporary(name)).isEqualTo(name.endsWith(".tmp"));
        }
        if (input.length >= 8) {
            long n = ByteBuffer.wrap(input, 0, 8).getLong();
            if (n < 0) {
                assertThatThrownBy(() -> SegmentNames.log(n)).isInstanceOf(IllegalArgumentException.class);
            } else {
                assertThat(SegmentNames.parseLog(SegmentNames.log(n))).hasValue(n);
                assertThat(SegmentNames.isIndex(SegmentNames.index(n))).isTrue();
                assertThat(SegmentNames.parseLog(SegmentNames.index(n))).isEmpty();
            }
        }
    }

    private static boolean fitsInLong(String digits) {
        return digits.compareTo(String.format("%020d", Long.MAX_VALUE)) <= 0;
    }

    // ----------------------------------------------------------------

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
