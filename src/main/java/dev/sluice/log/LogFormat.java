package dev.sluice.log;

/**
 * What a log's files look like on disk. A writer chooses with {@link LogConfig.Builder#format}; an
 * existing directory is recognised by its contents, so opening one needs no choice.
 */
public enum LogFormat {
    /**
     * Sluice's own: batches with magic "S1" and a 16-byte-entry index with a CRC (docs/FORMAT.md).
     * Records keep their payload only.
     */
    SLUICE,
    /**
     * Kafka's, as Kafka 4.4 writes a partition directory: {@code %020d.log} segments of v2 record
     * batches (magic 2), the sparse {@code .index} and {@code .timeindex}, segments at most 2 GiB.
     * Records carry a key, a payload (Kafka's value) and headers.
     */
    KAFKA
}
