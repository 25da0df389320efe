package dev.sluice.log;

/**
 * When written data starts its way to disk, ahead of any durability point.
 *
 * @param kind off (the kernel decides), every N bytes (sync_file_range WRITE from a background
 *             thread), or bounded (the writer waits so that no more than about 2N bytes are dirty)
 * @param bytes N, in bytes; 0 for off
 */
public record WriteBehind(Kind kind, long bytes) {
    /** The kinds of write-behind policy. */
    public enum Kind {
        /** No write-behind: the kernel's own write-back decides. */
        OFF,
        /** sync_file_range(WRITE) every N bytes, from a background thread; the writer never waits for it. */
        EVERY,
        /** As {@link #EVERY}, and the writer waits so that no more than about 2N bytes are dirty. */
        BOUNDED
    }

    /**
     * Checks the policy.
     *
     * @throws IllegalArgumentException if {@code EVERY} or {@code BOUNDED} has no positive size
     */
    public WriteBehind {
        if (kind != Kind.OFF && bytes <= 0) {
            throw new IllegalArgumentException("write-behind needs a size > 0");
        }
    }

    /**
     * No write-behind: dirty pages wait for the kernel's write-back or the next durability point.
     *
     * @return the policy
     */
    public static WriteBehind off() {
        return new WriteBehind(Kind.OFF, 0);
    }

    /**
     * Starts write-back (sync_file_range WRITE) of each {@code size} bytes written, from a background thread.
     *
     * @param size bytes between write-back calls, more than 0
     * @return the policy
     */
    public static WriteBehind every(DataSize size) {
        return new WriteBehind(Kind.EVERY, size.bytes());
    }

    /**
     * As {@link #every(DataSize)}, and the writer waits so that no more than about 2 x {@code size} bytes are dirty.
     *
     * @param size bytes between write-back calls, more than 0
     * @return the policy
     */
    public static WriteBehind bounded(DataSize size) {
        return new WriteBehind(Kind.BOUNDED, size.bytes());
    }

    /**
     * Parses the command line's form: "off", "16m" (every 16 MiB) or "bounded:16m".
     *
     * @param text the policy as text
     * @return the policy
     * @throws IllegalArgumentException if the text is none of those
     */
    public static WriteBehind parse(String text) {
        if (text.equals("off")) {
            return off();
        }
        if (text.startsWith("bounded:")) {
            return bounded(DataSize.parse(text.substring("bounded:".length())));
        }
        return every(DataSize.parse(text));
    }

    @Override
    public String toString() {
        return switch (kind) {
            case OFF -> "off";
            case EVERY -> DataSize.ofBytes(bytes).toString();
            case BOUNDED -> "bounded:" + DataSize.ofBytes(bytes);
        };
    }
}
