package dev.sluice.log;

import dev.sluice.log.kafka.KafkaFiles;
import dev.sluice.log.kafka.KafkaFormatException;
import dev.sluice.log.kafka.KafkaOffsetIndex;
import dev.sluice.log.kafka.KafkaSegmentIndexer;
import dev.sluice.log.kafka.KafkaTimeIndex;
import dev.sluice.sys.NativeDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A segment's index files, per format: sluice's {@code <base>.index} (docs/FORMAT.md), or Kafka's
 * {@code <base>.index} and {@code <base>.timeindex} as Kafka's {@code LogSegment} writes them.
 * Written when a segment is sealed or the log closed, read back by recovery.
 */
final class SegmentIndexFiles {
    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);

    /** Indexes read back: the lookup index, and in Kafka's format Kafka's own two (else null). */
    record Loaded(SegmentIndex offsets, KafkaOffsetIndex kafkaOffsets, KafkaTimeIndex kafkaTimes) {
        /** The indexes of a segment whose batches end at {@code segmentBytes}, before offset {@code nextOffset}. */
        SegmentIndexes resume(long segmentBytes, long nextOffset, int indexIntervalBytes) {
            KafkaSegmentIndexer kafka = kafkaOffsets == null ? null
                    : KafkaSegmentIndexer.resume(kafkaOffsets, kafkaTimes, segmentBytes, nextOffset, indexIntervalBytes);
            return new SegmentIndexes(offsets, kafka);
        }

        /**
         * The newest timestamp the indexes know of the batches before their last entry (Kafka's: the
         * segment's newest, its time index's last entry), or {@link Long#MIN_VALUE}: a scan from the last
         * entry on sees only the batches after it.
         */
        long newestTimestamp() {
            return kafkaTimes != null ? kafkaTimes.lastEntry().timestamp() : offsets.newestBeforeLastEntry();
        }
    }

    private SegmentIndexFiles() {
    }

    /** Writes the segment's index files, each atomically; a Kafka time index gets the segment's largest timestamp first. */
    static void write(NativeDirectory dir, Segment segment) throws IOException {
        if (segment.kafkaIndexes == null) {
            try (Arena arena = Arena.ofConfined()) {
                LogFiles.writeAtomically(dir, SegmentNames.index(segment.baseOffset), segment.index.serialize(arena));
            }
            return;
        }
        byte[] offsets;
        byte[] times;
        synchronized (segment.kafkaIndexes) {
            segment.kafkaIndexes.seal();
            offsets = segment.kafkaIndexes.offsetIndex().toBytes();
            times = segment.kafkaIndexes.timeIndex().toBytes();
        }
        try (Arena arena = Arena.ofConfined()) {
            LogFiles.writeAtomically(dir, KafkaFiles.index(segment.baseOffset), nativeCopy(arena, offsets));
            LogFiles.writeAtomically(dir, KafkaFiles.timeIndex(segment.baseOffset), nativeCopy(arena, times));
        }
    }

    private static MemorySegment nativeCopy(Arena arena, byte[] bytes) {
        return arena.allocate(Math.max(bytes.length, 1)).asSlice(0, bytes.length).copyFrom(MemorySegment.ofArray(bytes));
    }

    /** Deletes the segment's index files, if there are any. */
    static void delete(NativeDirectory dir, long base) throws IOException {
        LogFiles.deleteIfExists(dir, SegmentNames.index(base));
        LogFiles.deleteIfExists(dir, KafkaFiles.timeIndex(base));
    }

    /** The segment's indexes as stored, or null if they are missing or damaged (rebuild them from the segment). */
    static Loaded load(NativeDirectory dir, BatchFormat format, long base, long segmentSize, int interval)
            throws IOException {
        return format.format() == LogFormat.KAFKA ? loadKafka(dir, base, segmentSize, interval)
                : loadSluice(dir, base, segmentSize, interval);
    }

    private static Loaded loadSluice(NativeDirectory dir, long base, long segmentSize, int interval) throws IOException {
        // at most an entry per 4 bytes of segment: anything bigger is damage, not read into memory
        byte[] content = readBounded(dir, SegmentNames.index(base),
                segmentSize / 4 * SegmentIndex.ENTRY_BYTES + SegmentIndex.TRAILER_BYTES);
        if (content == null) {
            return null;
        }
        SegmentIndex index = SegmentIndex.deserialize(MemorySegment.ofArray(content), interval, base, segmentSize);
        if (index == null) {
            LOG.warn("{}/{} is damaged; rebuilding it from the segment", dir.path(), SegmentNames.index(base));
            return null;
        }
        return new Loaded(index, null, null);
    }

    private static Loaded loadKafka(NativeDirectory dir, long base, long segmentSize, int interval) throws IOException {
        // Kafka preallocates an active segment's indexes (10 MiB by default) and trims them at roll
        long largest = Math.max(segmentSize, 16L << 20);
        byte[] offsets;
        byte[] times;
        try {
            offsets = LogFiles.read(dir, KafkaFiles.index(base), largest);
            times = LogFiles.read(dir, KafkaFiles.timeIndex(base), largest);
        } catch (LogFiles.TooLargeException damaged) {
            // Kafka's indexes have no checksum: a file this large is damage, and an empty one would read as valid
            LOG.warn("{}/{}: {}; rebuilding the indexes from the segment", dir.path(), KafkaFiles.index(base),
                    damaged.getMessage());
            return null;
        }
        if (offsets == null || times == null) {
            return null;
        }
        try {
            KafkaOffsetIndex kafkaOffsets = KafkaOffsetIndex.read(MemorySegment.ofArray(offsets), base, segmentSize);
            KafkaTimeIndex kafkaTimes = KafkaTimeIndex.read(MemorySegment.ofArray(times), base);
            SegmentIndex lookup = SegmentIndex.of(LogFormat.KAFKA, interval);
            for (int i = 0; i < kafkaOffsets.entries(); i++) {
                lookup.addLastOffsetEntry(kafkaOffsets.entry(i).offset(), kafkaOffsets.entry(i).position());
            }
            return new Loaded(lookup, kafkaOffsets, kafkaTimes);
        } catch (KafkaFormatException damaged) {
            LOG.warn("{}/{}: {}; rebuilding the indexes from the segment", dir.path(), KafkaFiles.index(base),
                    damaged.getMessage());
            return null;
        }
    }

    private static byte[] readBounded(NativeDirectory dir, String name, long largest) throws IOException {
        try {
            return LogFiles.read(dir, name, largest);
        } catch (LogFiles.TooLargeException damaged) {
            return new byte[0];
        }
    }
}
