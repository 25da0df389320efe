package dev.sluice.log;

import java.time.Duration;

/**
 * When appended records become durable (fdatasync).
 *
 * @param kind none (never synced by the log; acknowledged once written), every append, or group
 *             commit every N bytes or every interval, from a background thread
 */
public record Durability(Kind kind, long bytes, Duration interval) {
    public enum Kind {
        NONE, EVERY_APPEND, BYTES, INTERVAL
    }

    public Durability {
        if (kind == Kind.BYTES && bytes <= 0) {
            throw new IllegalArgumentException("durability every N bytes needs N > 0");
        }
        if (kind == Kind.INTERVAL && (interval == null || interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("durability every interval needs an interval > 0");
        }
    }

    public static Durability none() {
        return new Durability(Kind.NONE, 0, null);
    }

    public static Durability everyAppend() {
        return new Durability(Kind.EVERY_APPEND, 0, null);
    }

    public static Durability everyBytes(DataSize size) {
        return new Durability(Kind.BYTES, size.bytes(), null);
    }

    public static Durability every(Duration interval) {
        return new Durability(Kind.INTERVAL, 0, interval);
    }

    /** "none", "every", "bytes:SIZE" or "ms:N". */
    public static Durability parse(String text) {
        if (text.equals("none")) {
            return none();
        }
        if (text.equals("every")) {
            return everyAppend();
        }
        if (text.startsWith("bytes:")) {
            return everyBytes(DataSize.parse(text.substring("bytes:".length())));
        }
        if (text.startsWith("ms:")) {
            try {
                return every(Duration.ofMillis(Long.parseLong(text.substring("ms:".length()))));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number of milliseconds: '" + text + "'");
            }
        }
        throw new IllegalArgumentException("not a durability: '" + text + "' (none, every, bytes:SIZE, ms:N)");
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "none";
            case EVERY_APPEND -> "every";
            case BYTES -> "bytes:" + DataSize.ofBytes(bytes);
            case INTERVAL -> "ms:" + interval.toMillis();
        };
    }
}
