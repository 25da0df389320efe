package dev.sluice.log;

/**
 * When written data starts its way to disk, ahead of any durability point.
 *
 * @param kind off (the kernel decides), every N bytes (sync_file_range WRITE from a background
 *             thread), or bounded (the writer waits so that no more than about 2N bytes are dirty)
 * @param bytes N
 */
public record WriteBehind(Kind kind, long bytes) {
    public enum Kind {
        OFF, EVERY, BOUNDED
    }

    public WriteBehind {
        if (kind != Kind.OFF && bytes <= 0) {
            throw new IllegalArgumentException("write-behind needs a size > 0");
        }
    }

    public static WriteBehind off() {
        return new WriteBehind(Kind.OFF, 0);
    }

    public static WriteBehind every(DataSize size) {
        return new WriteBehind(Kind.EVERY, size.bytes());
    }

    public static WriteBehind bounded(DataSize size) {
        return new WriteBehind(Kind.BOUNDED, size.bytes());
    }

    /** "off", "16m" (every 16 MiB) or "bounded:16m". */
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
