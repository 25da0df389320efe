package dev.sluice.log.kafka;

/**
 * A timestamp and an offset: an entry of the {@code .timeindex} (the largest timestamp so far in
 * the segment, and the last offset of the batch holding it), or the answer of a time search.
 *
 * @param timestamp milliseconds since the epoch ({@link #NO_TIMESTAMP} for none)
 * @param offset an absolute offset
 */
public record TimestampOffset(long timestamp, long offset) {
    /** Kafka's "no timestamp" (-1). */
    public static final long NO_TIMESTAMP = -1;
}
