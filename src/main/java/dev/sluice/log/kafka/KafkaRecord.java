package dev.sluice.log.kafka;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One record of a batch, as a consumer sees it.
 *
 * @param offset the record's offset
 * @param timestamp milliseconds since the epoch (for a {@link KafkaTimestampType#LOG_APPEND_TIME}
 *                  batch, the batch's max timestamp)
 * @param key the key, or null
 * @param value the value, or null (a tombstone)
 * @param headers the headers, in order (never null)
 */
public record KafkaRecord(long offset, long timestamp, byte[] key, byte[] value, List<KafkaHeader> headers) {
    /** Copies the header list; a null list is refused. */
    public KafkaRecord {
        headers = List.copyOf(Objects.requireNonNull(headers, "headers (use List.of())"));
    }

    /**
     * A record without headers.
     *
     * @param offset the record's offset
     * @param timestamp milliseconds since the epoch
     * @param key the key, or null
     * @param value the value, or null
     * @return the record
     */
    public static KafkaRecord of(long offset, long timestamp, byte[] key, byte[] value) {
        return new KafkaRecord(offset, timestamp, key, value, List.of());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaRecord r && offset == r.offset && timestamp == r.timestamp
                && Arrays.equals(key, r.key) && Arrays.equals(value, r.value) && headers.equals(r.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(offset, timestamp, Arrays.hashCode(key), Arrays.hashCode(value), headers);
    }

    @Override
    public String toString() {
        return "KafkaRecord[offset=" + offset + ", timestamp=" + timestamp + ", key="
                + (key == null ? "null" : key.length + " bytes") + ", value="
                + (value == null ? "null" : value.length + " bytes") + ", headers=" + headers + "]";
    }
}
