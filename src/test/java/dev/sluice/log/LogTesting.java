package dev.sluice.log;

import dev.sluice.sys.RecordingLibc;
import dev.sluice.testing.TestData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Helpers for the recovery, crash and concurrency tests: small configurations, deterministic
 * payloads, reading a whole log back, and byte-level access to segment files through plain NIO
 * (the way a crash or a disk would leave them, not through the log).
 */
final class LogTesting {
    static final int SEGMENT_BYTES = 64 * 1024;
    static final int MAX_BATCH_BYTES = 16 * 1024;
    static final int INDEX_INTERVAL_BYTES = 1024;

    private LogTesting() {
    }

    /** {@return a recorder of what a power loss could leave, that knows the log's segment and index names} */
    static RecordingLibc recorder(RecordingLibc.DirectorySyncs directorySyncs) {
        return new RecordingLibc(directorySyncs, name -> SegmentNames.parseLog(name).isPresent() || SegmentNames.isIndex(name));
    }

    /** 64 KiB segments, 16 KiB batches, an index entry per KiB, no syncs: many segments, quickly. */
    static LogConfig small() {
        return small(LogFormat.SLUICE);
    }

    /** {@link #small()} in {@code format}. */
    static LogConfig small(LogFormat format) {
        return LogConfig.builder().format(format).segmentBytes(SEGMENT_BYTES).maxBatchBytes(MAX_BATCH_BYTES)
                .indexIntervalBytes(INDEX_INTERVAL_BYTES).durability(Durability.none()).build();
    }

    /** The bytes of a batch header in {@code format}: sluice's 40, Kafka's v2 61. */
    static int headerBytes(LogFormat format) {
        return format == LogFormat.KAFKA ? dev.sluice.log.kafka.KafkaBatchHeader.HEADER_BYTES : Batch.HEADER_BYTES;
    }

    /** The index files beside segment {@code base}: sluice's {@code .index}, or Kafka's {@code .index} and {@code .timeindex}. */
    static List<Path> indexFiles(Path dir, long base, LogFormat format) {
        return format == LogFormat.KAFKA
                ? List.of(dir.resolve(dev.sluice.log.kafka.KafkaFiles.index(base)),
                        dir.resolve(dev.sluice.log.kafka.KafkaFiles.timeIndex(base)))
                : List.of(indexFile(dir, base));
    }

    /** The payload of record {@code offset} in a log seeded with {@code seed}: 0 to 2999 bytes, tagged. */
    static byte[] payload(long seed, long offset) {
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + offset);
        return TestData.tagged(random, random.nextInt(3000), "#" + offset + "#");
    }

    /** Appends {@code count} single-record batches with {@link #payload}; returns the payloads by offset. */
    static List<byte[]> appendRecords(Log log, long seed, int count) throws IOException {
        List<byte[]> written = new ArrayList<>();
        long first = log.endOffset();
        for (int i = 0; i < count; i++) {
            byte[] p = payload(seed, first + i);
            assertThat(log.append(p)).isEqualTo(first + i);
            written.add(p);
        }
        return written;
    }

    /** Every record from {@code from} to the end of the log. */
    static List<LogRecord> readAll(Log log, long from) throws IOException {
        try (LogReader reader = log.reader(from, ReaderConfig.defaults())) {
            List<LogRecord> all = new ArrayList<>();
            List<LogRecord> got;
            while (!(got = reader.poll(500)).isEmpty()) {
                all.addAll(got);
            }
            return all;
        }
    }

    /** The log holds exactly {@code expected}, at offsets 0, 1, 2, ... */
    static void assertHoldsExactly(Log log, List<byte[]> expected) throws IOException {
        assertThat(log.startOffset()).isZero();
        assertThat(log.endOffset()).as("end offset").isEqualTo(expected.size());
        List<LogRecord> all = readAll(log, 0);
        assertThat(all).as("records read back").hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(all.get(i).offset()).isEqualTo(i);
            assertThat(all.get(i).payload()).as("record %d", i).isEqualTo(expected.get(i));
        }
    }

    static Path segmentFile(Path dir, long base) {
        return dir.resolve(SegmentNames.log(base));
    }

    static Path indexFile(Path dir, long base) {
        return dir.resolve(SegmentNames.index(base));
    }

    /** Simulates a crash of a cleanly closed log: without the marker, recovery trusts nothing of the active segment. */
    static void forgetCleanShutdown(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(SegmentNames.CLEAN_SHUTDOWN));
    }

    /** Start positions of the batches of a sluice segment file, and its size as the last element. */
    static List<Long> batchBoundaries(Path segment) throws IOException {
        return batchBoundaries(segment, LogFormat.SLUICE);
    }

    /**
     * Start positions of the batches of a segment file in {@code format}, and its size as the last
     * element, read from the length fields alone: sluice's int32 at byte 0 counts the bytes after it,
     * Kafka's batchLength at byte 8 the bytes after byte 12.
     */
    static List<Long> batchBoundaries(Path segment, LogFormat format) throws IOException {
        List<Long> boundaries = new ArrayList<>();
        int lengthAt = format == LogFormat.KAFKA ? 8 : 0;
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            long size = ch.size();
            long position = 0;
            ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN);
            while (position < size) {
                boundaries.add(position);
                length.clear();
                readFully(ch, length, position + lengthAt);
                position += lengthAt + 4L + length.getInt(0);
            }
            assertThat(position).as("batches of %s end at its size", segment).isEqualTo(size);
            boundaries.add(size);
        }
        return boundaries;
    }

    /** The start of the batch that holds byte {@code position}. */
    static long batchStartAt(List<Long> boundaries, long position) {
        long start = -1;
        for (long b : boundaries) {
            if (b <= position) {
                start = b;
            }
        }
        return start;
    }

    static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        while (dst.hasRemaining()) {
            int n = ch.read(dst, position + dst.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    static void writeAt(Path file, long position, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer src = ByteBuffer.wrap(bytes);
            while (src.hasRemaining()) {
                ch.write(src, position + src.position());
            }
        }
    }

    static void append(Path file, byte[] bytes) throws IOException {
        writeAt(file, Files.size(file), bytes);
    }

    static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    static void flipByte(Path file, long position) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            readFully(ch, b, position);
            b.put(0, (byte) ~b.get(0)).rewind();
            ch.write(b, position);
        }
    }

    /** The content of every regular file in {@code dir}, by name. */
    static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(p.getFileName().toString(), Files.readAllBytes(p));
                }
            }
        }
        return files;
    }

    /**
     * Puts {@code dir} back exactly as {@link #snapshot} saw it (no fsync: these are tests of logic),
     * writing only the files that differ: a test restores hundreds of times and changes one or two.
     */
    static void restore(Path dir, Map<String, byte[]> snapshot) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                if (!snapshot.containsKey(p.getFileName().toString())) {
                    Files.delete(p);
                }
            }
        }
        snapshot.forEach((name, bytes) -> {
            try {
                Path file = dir.resolve(name);
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) == bytes.length
                        && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
                    return;
                }
                Files.write(file, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
