package dev.sluice.log;

import java.time.Duration;

/**
 * When appended records become durable (fdatasync).
 *
 * @param kind none (never synced by the log; acknowledged once written), every append, or group
 *             commit every N bytes or every interval, from a background thread
 * @param bytes N, for {@link Kind#BYTES}; else 0
 * @param interval the interval, for {@link Kind#INTERVAL}; else null
 */
public record Durability(Kind kind, long bytes, Duration interval) {
    /** The kinds of durability policy. */
    public enum Kind {
        /** The log never syncs; a record is acknowledged once written (the kernel writes it back later). */
        NONE,
        /** Each append returns once its records are durable. */
        EVERY_APPEND,
        /** Group commit once N bytes were appended since the last sync, from a background thread. */
        BYTES,
        /** Group commit every interval, from a background thread. */
        INTERVAL
    }

    /**
     * Checks the policy.
     *
     * @throws IllegalArgumentException if {@code BYTES} has no positive size or {@code INTERVAL} no positive interval
     */
    public Durability {
        if (kind == Kind.BYTES && bytes <= 0) {
            throw new IllegalArgumentException("durability every N bytes needs N > 0");
        }
        if (kind == Kind.INTERVAL && (interval == null || interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("durability every interval needs an interval > 0");
        }
    }

    /**
     * Never synced by the log: fastest, and a crash may lose anything the kernel had not yet written back.
     *
     * @return the policy
     */
    public static Durability none() {
        return new Durability(Kind.NONE, 0, null);
    }

    /**
     * Every append returns once it is durable (fdatasync on the appending thread).
     *
     * @return the policy
     */
    public static Durability everyAppend() {
        return new Durability(Kind.EVERY_APPEND, 0, null);
    }

    /**
     * Group commit: a background thread syncs once {@code size} bytes were appended since the last sync.
     *
     * @param size bytes between syncs, more than 0
     * @return the policy
     */
    public static Durability everyBytes(DataSize size) {
        return new Durability(Kind.BYTES, size.bytes(), null);
    }

    /**
     * Group commit: a background thread syncs every {@code interval}.
     *
     * @param interval time between syncs, more than 0
     * @return the policy
     */
    public static Durability every(Duration interval) {
        return new Durability(Kind.INTERVAL, 0, interval);
    }

    /**
     * Parses the command line's form: "none", "every", "bytes:SIZE" or "ms:N".
     *
     * @param text the policy as text
     * @return the policy
     * @throws IllegalArgumentException if the text is none of those
     */
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
