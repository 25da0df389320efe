package dev.sluice.log;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record header, as Kafka's records carry them: a key (UTF-8 on disk, never null) and a value
 * (may be null). Only {@link LogFormat#KAFKA} logs store headers.
 *
 * @param key the header's key
 * @param value the header's value, or null
 */
public record RecordHeader(String key, byte[] value) {
    /** Checks the key. */
    public RecordHeader {
        Objects.requireNonNull(key, "a header key cannot be null");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordHeader h && key.equals(h.key) && Arrays.equals(value, h.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "RecordHeader[" + key + "=" + (value == null ? "null" : value.length + " bytes") + "]";
    }
}
