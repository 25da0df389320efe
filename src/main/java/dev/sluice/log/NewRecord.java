package dev.sluice.log;

import java.util.List;
import java.util.Objects;

/**
 * A record to append with {@link Log#appendRecords(List)}: a key, a payload (Kafka's value) and
 * headers, as a Kafka producer's record has. Only a {@link LogFormat#KAFKA} log stores a key, headers
 * or a null payload; sluice's own format keeps the payload only.
 *
 * @param key the key, or null
 * @param payload the payload; null only in the Kafka format (a tombstone)
 * @param headers the headers, in order; never null
 */
public record NewRecord(byte[] key, byte[] payload, List<RecordHeader> headers) {
    /** Copies the header list; a null list is refused. */
    public NewRecord {
        headers = List.copyOf(Objects.requireNonNull(headers, "headers (use List.of())"));
    }

    /**
     * A record with a key and a payload, without headers.
     *
     * @param key the key, or null
     * @param payload the payload
     * @return the record
     */
    public static NewRecord of(byte[] key, byte[] payload) {
        return new NewRecord(key, payload, List.of());
    }
}
