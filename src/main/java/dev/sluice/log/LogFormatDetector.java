package dev.sluice.log;

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
 * first batch of the oldest segment that has one (sluice's magic "S1" at byte 8, or a Kafka v2
 * batch with a valid CRC); with no batch yet, the files a Kafka broker keeps beside its segments;
 * with neither, the format asked for.
 */
final class LogFormatDetector {
    private static final int LOOK_AT = 4096;

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
            long n = Math.min(file.size(), LOOK_AT);
            if (n < Batch.HEADER_BYTES) {
                return null;
            }
            MemorySegment head = arena.allocate(n);
            file.readFully(head, 0);
            if (ForeignSegment.recognise(head) != null) {
                return LogFormat.KAFKA;
            }
            short magic = head.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 8);
            return magic == Batch.MAGIC ? LogFormat.SLUICE : null;
        }
    }
}
