package dev.sluice.log.kafka;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The zero-filled tail Kafka's preallocated index files leave after an unclean stop. */
final class IndexZeros {
    private IndexZeros() {
    }

    static boolean allZeroFrom(MemorySegment bytes, long from) {
        for (long at = from; at < bytes.byteSize(); at++) {
            if (bytes.get(ValueLayout.JAVA_BYTE, at) != 0) {
                return false;
            }
        }
        return true;
    }
}
