package dev.sluice.log;

/**
 * What one reader, follower or serve connection of the live-contract test has seen, checked against
 * the {@link LiveOracle} as it goes: every record exactly once, in offset order, with its bytes, and a
 * jump forward only after a clear retention error.
 */
final class LiveCursor {
    private static final long ACK_WAIT_MILLIS = 10_000;

    private final String name;
    private final LiveOracle oracle;
    private long expected = -1;
    private long records;
    private long overtaken;

    LiveCursor(String name, LiveOracle oracle) {
        this.name = name;
        this.oracle = oracle;
    }

    /** Where this cursor starts: the log's start when it was opened. */
    void start(long offset) {
        if (expected >= 0 && offset != expected) {
            throw new AssertionError(name + ": restarted at " + offset + ", expected " + expected);
        }
        expected = offset;
    }

    /** One record seen. */
    void record(long offset, long digest) {
        if (offset != expected) {
            throw new AssertionError(name + ": got offset " + offset + ", expected " + expected
                    + (offset > expected ? " (skipped " + (offset - expected) + " records silently)" : " (a duplicate)"));
        }
        long acknowledged = oracle.await(offset, ACK_WAIT_MILLIS);
        if (acknowledged == 0) {
            throw new AssertionError(name + ": read offset " + offset + ", which no append acknowledged");
        }
        if (acknowledged != digest) {
            throw new AssertionError(name + ": offset " + offset + " has other bytes than were appended (digest 0x"
                    + Long.toHexString(digest) + ", appended 0x" + Long.toHexString(acknowledged) + ")");
        }
        expected++;
        records++;
    }

    /** Retention overtook this cursor, which said so with an error; it goes on from {@code newStart}. */
    void overtaken(long newStart, String error) {
        if (newStart <= expected) {
            throw new AssertionError(name + ": a retention error (" + error + ") while offset " + expected
                    + " is still in the log (start " + newStart + ")");
        }
        expected = newStart;
        overtaken++;
    }

    long expected() {
        return expected;
    }

    long records() {
        return records;
    }

    long overtaken() {
        return overtaken;
    }

    String name() {
        return name;
    }
}
