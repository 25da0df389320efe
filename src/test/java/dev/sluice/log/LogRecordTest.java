package dev.sluice.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogRecordTest {

    private static LogRecord record(long offset, long timestamp, String payload) {
        return new LogRecord(offset, timestamp, payload.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void equalPayloadsInDifferentArraysAreEqualRecords() {
        LogRecord a = record(7, 1000, "hello");
        LogRecord b = record(7, 1000, "hello");

        assertThat(a.payload()).isNotSameAs(b.payload());
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void aDifferentOffsetTimestampOrPayloadByteMakesThemDiffer() {
        LogRecord a = record(7, 1000, "hello");

        assertThat(a).isNotEqualTo(record(8, 1000, "hello"));
        assertThat(a).isNotEqualTo(record(7, 1001, "hello"));
        assertThat(a).isNotEqualTo(record(7, 1000, "hellO"));
        assertThat(a).isNotEqualTo(record(7, 1000, "hello!"));
        assertThat(a).isNotEqualTo(null);
    }

    @Test
    void toStringShowsOffsetTimestampSizeAndATextPrefix() {
        assertThat(record(7, 1000, "hello")).hasToString("LogRecord[offset=7, timestamp=1000, size=5, payload=\"hello\"]");
        assertThat(record(0, 1, "0123456789abcdefXYZ"))
                .hasToString("LogRecord[offset=0, timestamp=1, size=19, payload=\"0123456789abcdef\"...]");
    }

    @Test
    void toStringShowsBinaryPayloadsInHex() {
        LogRecord binary = new LogRecord(3, 4, new byte[] {0, 1, (byte) 0xff, 'a'});
        assertThat(binary).hasToString("LogRecord[offset=3, timestamp=4, size=4, payload=00 01 ff 61]");

        LogRecord longBinary = new LogRecord(3, 4, new byte[20]);
        assertThat(longBinary.toString())
                .endsWith("size=20, payload=00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00...]");
    }

    @Test
    void anEmptyPayloadShowsAsEmptyText() {
        assertThat(new LogRecord(0, 0, new byte[0])).hasToString("LogRecord[offset=0, timestamp=0, size=0, payload=\"\"]");
    }
}
