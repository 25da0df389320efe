package dev.sluice.log.kafka;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record header: a key (UTF-8 on disk, never null) and a value (may be null).
 *
 * @param key the header's key
 * @param value the header's value, or null
 */
public record KafkaHeader(String key, byte[] value) {
    /** Checks the key. */
    public KafkaHeader {
        Objects.requireNonNull(key, "a header key cannot be null");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaHeader h && key.equals(h.key) && Arrays.equals(value, h.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "KafkaHeader[" + key + "=" + (value == null ? "null" : value.length + " bytes") + "]";
    }
}
