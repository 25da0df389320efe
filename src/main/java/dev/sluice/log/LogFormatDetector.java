package dev.sluice.log;

import dev.sluice.log.kafka.KafkaBatchHeader;
import dev.sluice.sys.NativeDirectory;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

/**
 * Recognises the format of a log directory from its contents, so opening one needs no flag: the
 * first batch of the oldest segment that has one (sluice's magic "S1" at byte 8, or a whole Kafka v2
 * batch, up to 64 MiB, with a valid CRC); with no batch yet, the files a Kafka broker keeps beside its segments;
 * with neither, the format asked for.
 */
final class LogFormatDetector {
    /** The most of a first batch read to check its CRC: a larger one is not taken for Kafka's by its first bytes. */
    private static final long LARGEST_FIRST_BATCH = 64L << 20;

    private LogFormatDetector() {
    }

    static LogFormat detect(NativeDirectory dir, List<Long> bases, List<Path> listed, LogFormat asked)
            throws IOException {
        for (long base : bases) {
            LogFormat found = ofFirstBatch(dir, base);
            if (found != null) {
                return found;
            }
        }
        for (Path entry : listed) {
            String name = entry.getFileName().toString();
            if (SegmentNames.isKafkaFile(name) || name.endsWith(SegmentNames.TIME_INDEX)) {
                return LogFormat.KAFKA;
            }
        }
        return asked;
    }

    /** The format of the segment's first batch, or null if it is empty or holds neither format's. */
    private static LogFormat ofFirstBatch(NativeDirectory dir, long base) throws IOException {
        try (NativeFile file = dir.openFile(SegmentNames.log(base), EnumSet.of(OpenFlag.READ),
                NativeFile.DEFAULT_PERMISSIONS);
             Arena arena = Arena.ofConfined()) {
            long size = file.size();
            if (size < Batch.HEADER_BYTES) {
                return null;
            }
            MemorySegment head = arena.allocate(Math.min(size, KafkaBatchHeader.HEADER_BYTES));
            file.readFully(head, 0);
            if (head.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 8) == Batch.MAGIC) {
                return LogFormat.SLUICE;
            }
            if (head.byteSize() < KafkaBatchHeader.HEADER_BYTES) {
                return null;
            }
            // Kafka's magic is one byte: only the whole first batch with its CRC says it is Kafka's
            long batchBytes = KafkaBatchHeader.LOG_OVERHEAD + (long) head.get(
                    ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 8);
            if (batchBytes < KafkaBatchHeader.HEADER_BYTES || batchBytes > Math.min(size, LARGEST_FIRST_BATCH)) {
                return null;
            }
            MemorySegment batch = arena.allocate(batchBytes);
            file.readFully(batch, 0);
            return ForeignSegment.recognise(batch) != null ? LogFormat.KAFKA : null;
        }
    }
}
