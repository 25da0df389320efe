package dev.sluice.log;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One record read back from the log, with copies of its bytes.
 *
 * <p>A record carries what a Kafka record carries: a key, a payload (Kafka's "value") and headers.
 * Sluice's own format ({@link LogFormat#SLUICE}) keeps the payload only, so there the key is null and
 * the headers are empty. In the Kafka format the key may be null, and so may the payload (a tombstone).
 *
 * <p>Two records are equal when their offsets, timestamps, keys, payloads and headers are equal (the
 * bytes are compared by content, not by array identity).
 *
 * @param offset    the record's offset in the log
 * @param timestamp when it was appended (or created, for a Kafka producer's record), in milliseconds
 *                  since the epoch
 * @param key       the record's key, or null
 * @param payload   the record's bytes (Kafka's value), a copy the caller owns; null only for a Kafka tombstone
 * @param headers   the record's headers, in order; never null
 */
public record LogRecord(long offset, long timestamp, byte[] key, byte[] payload, List<RecordHeader> headers) {

    /** How many payload bytes {@link #toString()} shows. */
    private static final int SHOWN_BYTES = 16;

    /** Copies the header list; a null list is refused. */
    public LogRecord {
        headers = List.copyOf(Objects.requireNonNull(headers, "headers (use List.of())"));
    }

    /**
     * A record with a payload only, as sluice's own format stores them.
     *
     * @param offset    the record's offset in the log
     * @param timestamp milliseconds since the epoch
     * @param payload   the record's bytes
     */
    public LogRecord(long offset, long timestamp, byte[] payload) {
        this(offset, timestamp, null, payload, List.of());
    }

    /**
     * A record with a key and a payload, without headers.
     *
     * @param offset the record's offset
     * @param timestamp milliseconds since the epoch
     * @param key the key, or null
     * @param payload the payload, or null
     * @return the record
     */
    public static LogRecord of(long offset, long timestamp, byte[] key, byte[] payload) {
        return new LogRecord(offset, timestamp, key, payload, List.of());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogRecord that
                && offset == that.offset
                && timestamp == that.timestamp
                && Arrays.equals(key, that.key)
                && Arrays.equals(payload, that.payload)
                && headers.equals(that.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(offset, timestamp, Arrays.hashCode(key), Arrays.hashCode(payload), headers);
    }

    /**
     * Shows the offset, timestamp, payload size and the first 16 payload bytes: as text in quotes when
     * they are printable ASCII, else in hex; "..." marks a payload cut short. A key and headers are
     * shown by size and count when there are any.
     */
    @Override
    public String toString() {
        String keyed = key == null ? "" : ", key=" + key.length + " bytes";
        String headed = headers.isEmpty() ? "" : ", headers=" + headers.size();
        String body = payload == null ? "size=0, payload=null" : "size=" + payload.length + ", payload=" + prefix(payload);
        return "LogRecord[offset=" + offset + ", timestamp=" + timestamp + keyed + ", " + body + headed + "]";
    }

    private static String prefix(byte[] bytes) {
        byte[] shown = Arrays.copyOf(bytes, Math.min(bytes.length, SHOWN_BYTES));
        String more = bytes.length > shown.length ? "..." : "";
        return isPrintableAscii(shown)
                ? "\"" + new String(shown, StandardCharsets.US_ASCII) + "\"" + more
                : HexFormat.ofDelimiter(" ").formatHex(shown) + more;
    }

    private static boolean isPrintableAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
