package dev.sluice.log;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One record read back from the log, with a copy of its payload.
 *
 * <p>Two records are equal when their offsets, timestamps and payload bytes are equal (the payload is
 * compared by content, not by array identity).
 *
 * @param offset    the record's offset in the log
 * @param timestamp when it was appended, in milliseconds since the epoch
 * @param payload   the record's bytes, a copy the caller owns
 */
public record LogRecord(long offset, long timestamp, byte[] payload) {

    /** How many payload bytes {@link #toString()} shows. */
    private static final int SHOWN_BYTES = 16;

    @Override
    public boolean equals(Object other) {
        return other instanceof LogRecord that
                && offset == that.offset
                && timestamp == that.timestamp
                && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(offset) + Long.hashCode(timestamp)) + Arrays.hashCode(payload);
    }

    /**
     * Shows the offset, timestamp, payload size and the first 16 payload bytes: as text in quotes when
     * they are printable ASCII, else in hex; "..." marks a payload cut short.
     */
    @Override
    public String toString() {
        return "LogRecord[offset=" + offset + ", timestamp=" + timestamp + ", size=" + payload.length
                + ", payload=" + prefix(payload) + "]";
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
