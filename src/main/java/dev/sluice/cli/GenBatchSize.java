package dev.sluice.cli;

import dev.sluice.log.LogFormat;

/**
 * The bytes one batch of {@code log gen}'s records takes, header included, in each format, as
 * docs/FORMAT.md lays it out: what {@code --max-batch} must hold. Gen's records have no key and no
 * headers, and one batch's records share one timestamp.
 */
final class GenBatchSize {
    /** docs/FORMAT.md: a sluice batch is a 40-byte header, then 8 bytes before each record's payload. */
    private static final int SLUICE_HEADER_BYTES = 40;
    private static final int SLUICE_RECORD_HEADER_BYTES = 8;
    /** docs/FORMAT.md, "The Kafka format": a 61-byte header, then varint-framed records. */
    private static final int KAFKA_HEADER_BYTES = 61;
    /**
     * A Kafka record's fixed fields besides its length, offset delta and value length: attributes,
     * a timestamp delta of 0, a null key (-1) and 0 headers, one byte each.
     */
    private static final int KAFKA_FIXED_RECORD_BYTES = 4;

    private GenBatchSize() {
    }

    /** {@return the batch's bytes, or Long.MAX_VALUE past any limit} */
    static long of(LogFormat format, int records, long payloadBytes) {
        try {
            return switch (format) {
                case SLUICE -> Math.addExact(SLUICE_HEADER_BYTES, Math.multiplyExact(records,
                        Math.addExact(SLUICE_RECORD_HEADER_BYTES, payloadBytes)));
                case KAFKA -> kafka(records, payloadBytes);
            };
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** How the format frames a batch, for the message saying it does not fit. */
    static String framing(LogFormat format) {
        return switch (format) {
            case SLUICE -> "its " + SLUICE_HEADER_BYTES + "-byte header and " + SLUICE_RECORD_HEADER_BYTES
                    + " bytes per record (docs/FORMAT.md)";
            case KAFKA -> "its " + KAFKA_HEADER_BYTES + "-byte header and 7 to 19 bytes of varint framing per record "
                    + "(docs/FORMAT.md, \"The Kafka format\")";
        };
    }

    /**
     * Records with offset deltas in the same varint size take the same bytes, so the sum goes over
     * the five sizes of a delta rather than over the records.
     */
    private static long kafka(int records, long payloadBytes) {
        if (payloadBytes > Integer.MAX_VALUE) {
            throw new ArithmeticException("a Kafka value is at most 2^31-1 bytes");
        }
        long total = KAFKA_HEADER_BYTES;
        long done = 0;
        for (int bytes = 1; done < records; bytes++) {
            // a delta d takes `bytes` bytes while its zig-zag value 2d is below 2^(7 * bytes)
            long below = bytes >= 5 ? records : Math.min(records, 1L << (7 * bytes - 1));
            long body = KAFKA_FIXED_RECORD_BYTES + bytes + varintBytes(payloadBytes) + payloadBytes;
            total = Math.addExact(total, Math.multiplyExact(below - done, varintBytes(body) + body));
            done = below;
        }
        return total;
    }

    /** The bytes of the zig-zag varint of a non-negative value. */
    private static int varintBytes(long value) {
        long zigzag = value << 1;
        int bytes = 1;
        while ((zigzag >>>= 7) != 0) {
            bytes++;
        }
        return bytes;
    }
}
