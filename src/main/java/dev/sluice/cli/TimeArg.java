package dev.sluice.cli;

import java.time.DateTimeException;
import java.time.Instant;

/** A point in time as the command line takes it: ISO-8601 with a zone, or milliseconds since the epoch. */
final class TimeArg {
    static final String FORMS = "ISO-8601 with Z or an offset (e.g. 2026-12-02T06:30:00Z, 2026-12-02T07:30:00.5+01:00) "
            + "or milliseconds since the epoch (e.g. 1796193000000)";

    private TimeArg() {
    }

    /** {@return milliseconds since the epoch} @throws IllegalArgumentException naming the two accepted forms */
    static Long parse(String text) {
        if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is too large for milliseconds since the epoch; give "
                        + FORMS);
            }
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time: give " + FORMS);
        }
    }

    /** {@code 2026-12-02T06:30:00Z (1796193000000)}: both forms, as a message names a time. */
    static String both(long millis) {
        return Instant.ofEpochMilli(millis) + " (" + millis + " ms since the epoch)";
    }
}
