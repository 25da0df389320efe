package dev.sluice.log;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Recognises a segment file of another log format by its first bytes, so that a directory of them is
 * refused as not a sluice log instead of being read as one damaged (or, by a writer, truncated).
 */
final class ForeignSegment {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Kafka's record batch v2: baseOffset, batchLength, partitionLeaderEpoch, magic (2), crc, then the CRC'd rest. */
    private static final int KAFKA_LENGTH_AT = 8;
    private static final int KAFKA_MAGIC_AT = 16;
    private static final int KAFKA_CRC_AT = 17;
    private static final int KAFKA_CRC_FROM = 21;
    private static final int KAFKA_HEADER_BYTES = 61;

    private ForeignSegment() {
    }

    /**
     * What format the bytes at the start of a segment are in, if they are not sluice's and are
     * recognisably another's; else null.
     */
    static String recognise(MemorySegment head) {
        if (head.byteSize() < KAFKA_HEADER_BYTES) {
            return null;
        }
        long batchBytes = 12L + head.get(INT, KAFKA_LENGTH_AT);
        if (head.get(ValueLayout.JAVA_BYTE, KAFKA_MAGIC_AT) != 2 || batchBytes < KAFKA_HEADER_BYTES
                || batchBytes > head.byteSize()) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(head.asSlice(KAFKA_CRC_FROM, batchBytes - KAFKA_CRC_FROM).asByteBuffer());
        if ((int) crc.getValue() != head.get(INT, KAFKA_CRC_AT)) {
            return null;
        }
        return "it holds Kafka record batches (magic 2 at byte 16, with a valid CRC); a sluice batch has the magic "
                + "\"S1\" at byte 8 (docs/FORMAT.md)";
    }
}
