package dev.sluice.log;

import dev.sluice.log.kafka.KafkaFiles;
import dev.sluice.log.kafka.KafkaFormatException;
import dev.sluice.log.kafka.KafkaOffsetIndex;
import dev.sluice.log.kafka.KafkaTimeIndex;
import dev.sluice.log.kafka.OffsetPosition;
import dev.sluice.sys.NativeDirectory;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** Checks every batch's CRC and every stored index of a log, changing nothing. */
public final class LogVerifier {
    /**
     * The outcome: clean, or the first problem with its segment and byte position.
     *
     * @param segments segments checked
     * @param batches batches checked
     * @param problemSegment the file holding the first problem, or null if clean
     * @param problemPosition the byte in that file where the problem is, or -1 if clean
     * @param problem what is wrong, or null if clean
     */
    public record Result(int segments, long batches, String problemSegment, long problemPosition, String problem) {
        /** {@return whether no problem was found} */
        public boolean clean() {
            return problem == null;
        }

        /** {@return "clean: N segments, M batches", or the problem with its segment and byte} */
        @Override
        public String toString() {
            return clean() ? "clean: " + segments + (segments == 1 ? " segment, " : " segments, ") + batches
                    + (batches == 1 ? " batch" : " batches")
                    : problemSegment + " at byte " + problemPosition + ": " + problem;
        }
    }

    private LogVerifier() {
    }

    /**
     * Checks the log in {@code path}: segment names and offsets, every batch's CRC32C, every stored index.
     *
     * @param path the log's directory
     * @param config the configuration to read with ({@link LogConfig#maxBatchBytes()} bounds a batch)
     * @return clean, or the first problem
     * @throws IOException if the directory or a segment cannot be read
     */
    public static Result verify(Path path, LogConfig config) throws IOException {
        List<Long> bases = new ArrayList<>();
        ForeignFiles foreign = new ForeignFiles();
        List<Path> listed = new ArrayList<>();
        try (Stream<Path> entries = Files.list(path)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                listed.add(entry);
                String name = SegmentNames.requireSafe(entry.getFileName().toString());
                OptionalLong base = SegmentNames.parseLog(name);
                if (base.isPresent() || SegmentNames.isIndex(name)) {
                    LogFiles.requireRegularFile(entry);
                } else if (!SegmentNames.isLogFile(name)) {
                    foreign.add(name);
                }
                base.ifPresent(bases::add);
            }
        }
        if (bases.isEmpty()) {
            throw foreign.noSegments(path); // "clean" would say something about nothing
        }
        bases.sort(null);
        long batches = 0;
        long expected = bases.isEmpty() ? 0 : bases.getFirst();
        try (NativeDirectory dir = NativeDirectory.open(path)) {
            BatchFormat format = BatchFormat.of(LogFormatDetector.detect(dir, bases, listed, config.format()));
            LogConfig inFormat = config.withFormat(format.format());
            for (long base : bases) {
                String name = SegmentNames.log(base);
                if (base != expected) {
                    return new Result(bases.size(), batches, name, 0, "starts at offset " + base + ", expected " + expected);
                }
                try (NativeFile file = dir.openFile(name, EnumSet.of(OpenFlag.READ), NativeFile.DEFAULT_PERMISSIONS)) {
                    long size = file.size();
                    Map<Long, BatchHeader> batchAt = new HashMap<>();
                    SegmentScanner.Result scan = SegmentScanner.scan(file, format, 0, base, size, inFormat.maxBatchBytes(),
                            (h, header) -> {
                                batchAt.put(h.position(), h);
                                return null;
                            }, true);
                    batches += scan.batches();
                    if (!scan.clean()) {
                        return new Result(bases.size(), batches, name, scan.validEnd(), scan.problem());
                    }
                    String indexProblem = format.format() == LogFormat.KAFKA ? checkKafkaIndex(dir, base, size, batchAt)
                            : checkIndex(dir, base, size, batchAt, config);
                    if (indexProblem != null) {
                        return new Result(bases.size(), batches, SegmentNames.index(base), 0, indexProblem);
                    }
                    expected = scan.nextOffset();
                }
            }
        }
        return new Result(bases.size(), batches, null, -1, null);
    }

    /** Every entry of a stored index must name a batch start and its base offset. */
    private static String checkIndex(NativeDirectory dir, long base, long size, Map<Long, BatchHeader> batchAt,
                                     LogConfig config) throws IOException {
        byte[] content = LogFiles.read(dir, SegmentNames.index(base), size + 4096);
        if (content == null) {
            return null; // indexes are advisory; a missing one is rebuilt on open
        }
        SegmentIndex stored = SegmentIndex.deserialize(MemorySegment.ofArray(content), config.indexIntervalBytes(), base, Math.max(size, 1));
        if (stored == null) {
            return "damaged (bad checksum or entries out of order)";
        }
        for (long[] entry : stored.entries()) {
            BatchHeader h = batchAt.get(entry[1]);
            if (h == null || h.baseOffset() != entry[0]) {
                return "entry for offset " + entry[0] + " points at byte " + entry[1] + ", which is not where that batch starts";
            }
        }
        return null;
    }

    /**
     * Kafka's index check: every entry of the {@code .index} names the last offset of the batch that
     * starts where it points, and the {@code .timeindex} reads back in order.
     */
    private static String checkKafkaIndex(NativeDirectory dir, long base, long size, Map<Long, BatchHeader> batchAt)
            throws IOException {
        byte[] offsets = LogFiles.read(dir, KafkaFiles.index(base), Math.max(size, 16L << 20));
        byte[] times = LogFiles.read(dir, KafkaFiles.timeIndex(base), Math.max(size, 16L << 20));
        try {
            if (offsets != null) {
                KafkaOffsetIndex stored = KafkaOffsetIndex.read(MemorySegment.ofArray(offsets), base, Math.max(size, 1));
                for (int i = 0; i < stored.entries(); i++) {
                    OffsetPosition e = stored.entry(i);
                    BatchHeader h = batchAt.get((long) e.position());
                    if (h == null || h.lastOffset() != e.offset()) {
                        return "entry for offset " + e.offset() + " points at byte " + e.position()
                                + ", which is not where the batch ending with that offset starts";
                    }
                }
            }
            if (times != null) {
                KafkaTimeIndex.read(MemorySegment.ofArray(times), base);
            }
        } catch (KafkaFormatException e) {
            return e.getMessage();
        }
        return null;
    }
}
