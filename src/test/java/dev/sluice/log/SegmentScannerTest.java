package dev.sluice.log;

import dev.sluice.sys.FaultInjector;
import dev.sluice.sys.Kernel;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;
import dev.sluice.sys.Syscall;
import dev.sluice.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SegmentScanner} on segments larger than its read buffer (1 MiB), so batches and headers
 * straddle the buffer's end and it must refill, reading each part of the file about once; and its
 * stopping points: a bad CRC past the first buffer, a tail shorter than a header, a torn batch.
 */
class SegmentScannerTest {
    private static final int MAX_BATCH = 16 * 1024;
    private static final long BASE = 1000;

    @TempDir
    Path dir;

    /** A segment of batches of 1 to 3 records of 0 to 5,000 bytes from {@link #BASE}; positions and timestamps noted. */
    record Built(byte[] bytes, List<Long> positions, List<Long> bases, long maxTimestamp, long nextOffset) {
    }

    static Built build(long seed, long bytes) {
        Random random = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Long> positions = new ArrayList<>();
        List<Long> bases = new ArrayList<>();
        long offset = BASE;
        long maxTimestamp = 0;
        while (out.size() < bytes) {
            int records = 1 + random.nextInt(3);
            byte[][] payloads = new byte[records][];
            for (int r = 0; r < records; r++) {
                payloads[r] = TestData.randomBytes(random, random.nextInt(5000));
            }
            // timestamps go up and down: the scan reports the largest, not the last
            long timestamp = 1_700_000_000_000L + random.nextInt(1_000_000);
            maxTimestamp = Math.max(maxTimestamp, timestamp);
            positions.add((long) out.size());
            bases.add(offset);
            out.writeBytes(FuzzSeeds.batch(offset, timestamp, payloads));
            offset += records;
        }
        return new Built(out.toByteArray(), positions, bases, maxTimestamp, offset);
    }

    private NativeFile write(String name, byte[] bytes) throws IOException {
        return write(name, bytes, Kernel.system());
    }

    private NativeFile write(String name, byte[] bytes, Kernel kernel) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return NativeFile.open(kernel, file, EnumSet.of(OpenFlag.READ), NativeFile.DEFAULT_PERMISSIONS);
    }

    @Test
    void aSegmentOfThreeBuffersScansWholeReadingEachPartOnce() throws IOException {
        Built built = build(1, 3L << 20);
        FaultInjector counting = FaultInjector.system();
        try (NativeFile file = write("big.log", built.bytes(), counting.kernel())) {
            SegmentIndex index = new SegmentIndex(4096);
            SegmentScanner.Result result = SegmentScanner.scan(file, SluiceBatches.INSTANCE, 0, BASE, built.bytes().length,
                    MAX_BATCH, new SegmentIndexes(index, null), true);
            assertThat(result.problem()).isNull();
            assertThat(result.validEnd()).isEqualTo(built.bytes().length);
            assertThat(result.nextOffset()).isEqualTo(built.nextOffset());
            assertThat(result.batches()).isEqualTo(built.positions().size());
            assertThat(result.maxTimestamp()).isEqualTo(built.maxTimestamp());
            // a fill at the start, and a refill from a batch whose header or body would cross the buffer's end
            long reads = counting.calls(Syscall.PREAD) + counting.calls(Syscall.PREADV2);
            assertThat(reads).as("reads for %d bytes through a 1 MiB buffer", built.bytes().length)
                    .isEqualTo(expectedReads(built, 1 << 20));
            // the index knows batches in every buffer
            for (int i = 0; i < built.positions().size(); i += 37) {
                long position = index.floorPosition(built.bases().get(i));
                assertThat(position).isLessThanOrEqualTo(built.positions().get(i)).isGreaterThan(built.positions().get(i) - 4096 - MAX_BATCH);
            }
        }
    }

    /** Fills a scan through a {@code buffer}-byte buffer needs: where a header or batch would cross its end. */
    private static long expectedReads(Built built, long buffer) {
        long size = built.bytes().length;
        long end = 0;
        long reads = 0;
        List<Long> positions = built.positions();
        for (int i = 0; i < positions.size(); i++) {
            long at = positions.get(i);
            long batchEnd = i + 1 < positions.size() ? positions.get(i + 1) : size;
            if (at + Batch.HEADER_BYTES > end || batchEnd > end) {
                end = at + Math.min(buffer, size - at);
                reads++;
            }
        }
        return reads;
    }

    @Test
    void aSegmentSmallerThanTheBufferIsReadOnce() throws IOException {
        Built built = build(4, 200_000);
        FaultInjector counting = FaultInjector.system();
        try (NativeFile file = write("small.log", built.bytes(), counting.kernel())) {
            SegmentScanner.Result result = SegmentScanner.scan(file, SluiceBatches.INSTANCE, 0, BASE, built.bytes().length, MAX_BATCH, null, true);
            assertThat(result.problem()).isNull();
            assertThat(result.validEnd()).isEqualTo(built.bytes().length);
            assertThat(counting.calls(Syscall.PREAD) + counting.calls(Syscall.PREADV2)).as("reads").isEqualTo(1);
        }
    }

    @Test
    void aScanFromTheMiddleCountsFromThere() throws IOException {
        Built built = build(2, 3L << 20);
        int k = built.positions().size() / 2;
        try (NativeFile file = write("middle.log", built.bytes())) {
            SegmentScanner.Result result = SegmentScanner.scan(file, SluiceBatches.INSTANCE, built.positions().get(k), built.bases().get(k),
                    built.bytes().length, MAX_BATCH, null, true);
            assertThat(result.problem()).isNull();
            assertThat(result.validEnd()).isEqualTo(built.bytes().length);
            assertThat(result.nextOffset()).isEqualTo(built.nextOffset());
            assertThat(result.batches()).isEqualTo(built.positions().size() - k);
        }
    }

    @Test
    void aBadCrcPastTheFirstBufferStopsTheScanThere() throws IOException {
        Built built = build(3, 3L << 20);
        int k = 0;
        while (built.positions().get(k) < (3L << 19)) {
            k++;
        }
        byte[] bytes = built.bytes().clone();
        long at = built.positions().get(k);
        bytes[(int) at + Batch.HEADER_BYTES + 4] ^= 1; // the first record's timestamp delta: framing intact
        try (NativeFile file = write("crc.log", bytes)) {
            SegmentScanner.Result checked = SegmentScanner.scan(file, SluiceBatches.INSTANCE, 0, BASE, bytes.length, MAX_BATCH, null, true);
            assertThat(checked.problem()).startsWith("CRC mismatch");
            assertThat(checked.validEnd()).isEqualTo(at);
            assertThat(checked.nextOffset()).isEqualTo(built.bases().get(k));
            assertThat(checked.batches()).isEqualTo(k);
            // headers only: the damaged body passes
            SegmentScanner.Result headers = SegmentScanner.scan(file, SluiceBatches.INSTANCE, 0, BASE, bytes.length, MAX_BATCH, null, false);
            assertThat(headers.problem()).isNull();
            assertThat(headers.validEnd()).isEqualTo(bytes.length);
        }
    }

    @Test
    void aTailShorterThanAHeaderIsATruncatedHeaderAndALongerOneRunsPastTheEnd() throws IOException {
        byte[] three = FuzzSeeds.segment(BASE, 3, 1_700_000_000_000L);
        byte[] fourth = FuzzSeeds.batch(BASE + 3, 1_700_000_000_000L, new byte[100]);
        for (int tail : new int[] {1, Batch.HEADER_BYTES - 1, Batch.HEADER_BYTES, Batch.HEADER_BYTES + 1, fourth.length - 1}) {
            byte[] bytes = FuzzSeeds.concat(three, java.util.Arrays.copyOf(fourth, tail));
            try (NativeFile file = write("torn-" + tail + ".log", bytes)) {
                SegmentScanner.Result result = SegmentScanner.scan(file, SluiceBatches.INSTANCE, 0, BASE, bytes.length, MAX_BATCH, null, true);
                assertThat(result.validEnd()).as("tail of %d bytes", tail).isEqualTo(three.length);
                assertThat(result.nextOffset()).isEqualTo(BASE + 3);
                assertThat(result.batches()).isEqualTo(3);
                if (tail < Batch.HEADER_BYTES) {
                    assertThat(result.problem()).as("tail of %d bytes", tail).isEqualTo("truncated header");
                } else {
                    assertThat(result.problem()).as("tail of %d bytes", tail).startsWith("batch of " + fourth.length
                            + " bytes runs past the end (" + tail + " bytes left)");
                }
            }
        }
    }
}
