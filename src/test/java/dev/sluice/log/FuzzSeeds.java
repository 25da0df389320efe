package dev.sluice.log;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the seed inputs of {@link LogFuzzTest} (committed under
 * src/test/resources/dev/sluice/log/LogFuzzTestInputs/), in each target's input format.
 * Regenerate with, from the project root, after {@code mvn test-compile}:
 * <pre>
 * java -cp target/classes:target/test-classes dev.sluice.log.FuzzSeeds src/test/resources/dev/sluice/log/LogFuzzTestInputs
 * </pre>
 */
final class FuzzSeeds {
    private FuzzSeeds() {
    }

    /** One batch of {@code payloads} at {@code baseOffset}. */
    static byte[] batch(long baseOffset, long timestamp, byte[]... payloads) {
        List<MemorySegment> segments = Arrays.stream(payloads).map(MemorySegment::ofArray).toList();
        byte[] out = new byte[Batch.encodedSize(segments)];
        Batch.encode(MemorySegment.ofArray(out), baseOffset, timestamp, segments);
        return out;
    }

    /** A segment of {@code count} single-record batches from {@code baseOffset}. */
    static byte[] segment(long baseOffset, int count, long timestamp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            out.writeBytes(batch(baseOffset + i, timestamp + i, ("record " + (baseOffset + i)).getBytes(StandardCharsets.UTF_8)));
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] index(long[][] entries) {
        SegmentIndex index = new SegmentIndex(1);
        for (long[] e : entries) {
            index.onBatch(e[0], e[1]);
        }
        try (Arena arena = Arena.ofConfined()) {
            return index.serialize(arena).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        long ts = 1_700_000_000_000L;

        Path batch = root.resolve("batchDecoder");
        byte[] valid = batch(0, ts, "hello".getBytes(StandardCharsets.UTF_8));
        write(batch, "valid-one-record", valid);
        write(batch, "valid-three-records-one-empty", batch(41, ts, "a".getBytes(StandardCharsets.UTF_8), new byte[0],
                new byte[100]));
        write(batch, "valid-zero-byte-record", batch(7, ts, new byte[0]));
        byte[] badCrc = valid.clone();
        badCrc[valid.length - 1] ^= 1;
        write(batch, "bad-crc", badCrc);
        byte[] hugeLength = valid.clone();
        ByteBuffer.wrap(hugeLength).putInt(0, Integer.MAX_VALUE);
        write(batch, "huge-length", hugeLength);
        byte[] hugeCount = valid.clone();
        ByteBuffer.wrap(hugeCount).putInt(20, Integer.MAX_VALUE);
        write(batch, "huge-record-count", hugeCount);
        write(batch, "two-batches", concat(batch(0, ts, new byte[3]), batch(1, ts, new byte[5], new byte[0])));
        byte[] secondBadCrc = concat(batch(0, ts, new byte[3]), batch(1, ts, new byte[5], new byte[0]));
        secondBadCrc[secondBadCrc.length - 9] ^= 1; // a payload byte of the second batch
        write(batch, "two-batches-second-bad-crc", secondBadCrc);

        Path recovery = root.resolve("recovery");
        byte[] three = segment(0, 3, ts);
        write(recovery, "mode0-valid-3-batch-segment", concat(new byte[] {0}, three));
        write(recovery, "mode0-torn-tail", concat(new byte[] {0}, Arrays.copyOf(three, three.length - 7)));
        write(recovery, "mode0-zero-preallocated-tail", concat(new byte[] {0}, three, new byte[4096]));
        byte[] corruptMiddle = three.clone();
        corruptMiddle[three.length / 2] ^= 0x40;
        write(recovery, "mode0-corrupt-middle", concat(new byte[] {0}, corruptMiddle));
        write(recovery, "mode1-valid-active-after-sealed", concat(new byte[] {1}, segment(3, 3, ts)));
        write(recovery, "mode9-indexed-sealed-torn-active", concat(new byte[] {9},
                Arrays.copyOf(segment(3, 3, ts), 50)));
        write(recovery, "mode2-sealed-valid", concat(new byte[] {2}, three));
        write(recovery, "mode2-sealed-torn", concat(new byte[] {2}, Arrays.copyOf(three, three.length - 1)));
        write(recovery, "mode3-trusted-sealed", concat(new byte[] {3}, three));
        write(recovery, "mode4-clean-valid", concat(new byte[] {4}, three));
        byte[] tooLarge = batch(3, ts, new byte[LogTesting.MAX_BATCH_BYTES]);
        write(recovery, "mode0-batch-larger-than-max", concat(new byte[] {0}, three, tooLarge));

        // CRCs fixed by the target (mode bit 4): a batch whose base offset skips one, and one with a bad record count
        byte[] gap = concat(segment(0, 2, ts), batch(5, ts, new byte[2]));
        write(recovery, "mode16-offset-gap", concat(new byte[] {16}, gap));
        byte[] badCount = segment(0, 3, ts);
        ByteBuffer.wrap(badCount).putInt(badCount.length / 3 * 2 + 20, 2);
        write(recovery, "mode16-record-count-too-big", concat(new byte[] {16}, badCount));

        Path index = root.resolve("indexLookup");
        write(index, "valid-three-entries", concat(params(0, 8192), index(new long[][] {{0, 0}, {10, 1100}, {25, 4000}})));
        write(index, "valid-empty", concat(params(5, 0), index(new long[0][])));
        write(index, "valid-one-entry-high-base", concat(params(1L << 40, 100), index(new long[][] {{1L << 40, 0}})));
        byte[] damaged = concat(params(0, 8192), index(new long[][] {{0, 0}, {10, 1100}}));
        damaged[20] ^= 1;
        write(index, "bad-crc", damaged);
        write(index, "entry-past-segment", concat(params(0, 1000), index(new long[][] {{0, 0}, {10, 1100}})));

        Path names = root.resolve("segmentNames");
        write(names, "log-zero", SegmentNames.log(0).getBytes(StandardCharsets.UTF_8));
        write(names, "log-max", SegmentNames.log(Long.MAX_VALUE).getBytes(StandardCharsets.UTF_8));
        write(names, "log-overflow", "99999999999999999999.log".getBytes(StandardCharsets.UTF_8));
        write(names, "index", SegmentNames.index(1234).getBytes(StandardCharsets.UTF_8));
        write(names, "temporary", "recovery-point.tmp".getBytes(StandardCharsets.UTF_8));
        write(names, "dotdot", "..".getBytes(StandardCharsets.UTF_8));
        write(names, "slash", "../00000000000000000000.log".getBytes(StandardCharsets.UTF_8));
        write(names, "nul", "00000000000000000000.log\0.tmp".getBytes(StandardCharsets.UTF_8));
        write(names, "arabic-digits", "\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660.log".getBytes(StandardCharsets.UTF_8));
        write(names, "log-trailing-newline", (SegmentNames.log(1) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] params(long baseOffset, long segmentSize) {
        return ByteBuffer.allocate(16).putLong(baseOffset).putLong(segmentSize).array();
    }

    private static void write(Path dir, String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), bytes);
    }

}
