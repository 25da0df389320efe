package dev.sluice.log;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether small appends are gathered into one write ({@link IoMode#PWRITE} or {@link IoMode#DIRECT}). With coalescing, an
 * append returns once its batch is encoded into one of the log's two write buffers; the log's writer
 * thread writes a buffer with one pwrite once it holds {@code bytes} or more, or its oldest batch has
 * waited {@code linger}, while appends fill the other (an append waits only while the other is still
 * being written); {@link Log#flush()}, a roll and {@link Log#close()} have both written first. Readers, tailing readers and the durable offset see
 * a batch only once it is written, so an append is seen at most about {@code linger} later than without
 * coalescing, and nothing is acknowledged as durable before it is. A write that fails after its appends
 * returned fails the log ({@link LogFailedException}): those appends are not in it, and a reopen recovers
 * the log to what was written.
 *
 * @param bytes write the buffer once it holds this many bytes; 0 when off
 * @param linger write a buffer whose oldest batch is this old, whatever it holds; null when off
 */
public record Coalescing(long bytes, Duration linger) {
    /** The largest buffer: past a few MiB a bigger write saves nothing more, and only delays readers. */
    public static final long MAX_BYTES = 64L << 20;

    /**
     * Checks the policy.
     *
     * @throws IllegalArgumentException if on ({@code bytes > 0}) with no positive linger, if off with a linger,
     *         or if {@code bytes} is negative or above {@link #MAX_BYTES}
     */
    public Coalescing {
        if (bytes < 0 || bytes > MAX_BYTES) {
            throw new IllegalArgumentException("coalescing needs a buffer of 1 byte to " + DataSize.ofBytes(MAX_BYTES)
                    + ", not " + bytes + " bytes");
        }
        if (bytes > 0 && (linger == null || linger.isNegative() || linger.isZero())) {
            throw new IllegalArgumentException("coalescing needs a linger > 0: the longest a batch waits to be written");
        }
        if (bytes == 0 && linger != null) {
            throw new IllegalArgumentException("a linger means nothing with coalescing off");
        }
    }

    /**
     * No coalescing: each append is written before it returns (the default).
     *
     * @return the policy
     */
    public static Coalescing off() {
        return new Coalescing(0, null);
    }

    /**
     * Gathers appends into one write of at least {@code size} bytes, or of what waited {@code linger}.
     *
     * @param size bytes that make the buffer written, from 1 byte to {@link #MAX_BYTES}
     * @param linger the longest a batch waits in the buffer, more than 0
     * @return the policy
     */
    public static Coalescing upTo(DataSize size, Duration linger) {
        return new Coalescing(size.bytes(), Objects.requireNonNull(linger, "linger"));
    }

    /** {@return whether appends are coalesced} */
    public boolean isOn() {
        return bytes > 0;
    }

    /** {@return the linger in nanoseconds, saturated; 0 when off} */
    long lingerNanos() {
        if (linger == null) {
            return 0;
        }
        try {
            return linger.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Parses the command line's form: "off", or "SIZE,LINGER" with the linger in ms or us, e.g. "64k,1ms".
     *
     * @param text the policy as text
     * @return the policy
     * @throws IllegalArgumentException if the text is neither
     */
    public static Coalescing parse(String text) {
        if (text.equals("off")) {
            return off();
        }
        int comma = text.indexOf(',');
        if (comma < 0) {
            throw new IllegalArgumentException("not a coalescing policy: '" + text + "' (off, or SIZE,LINGER such as 64k,1ms)");
        }
        return upTo(DataSize.parse(text.substring(0, comma)), parseLinger(text.substring(comma + 1)));
    }

    private static Duration parseLinger(String text) {
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("us")) {
                return Duration.ofNanos(Math.multiplyExact(Long.parseLong(text.substring(0, text.length() - 2)), 1000L));
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw new IllegalArgumentException("not a linger: '" + text + "' (a whole number of ms or us, such as 1ms or 500us)");
    }

    @Override
    public String toString() {
        if (!isOn()) {
            return "off";
        }
        long micros = lingerNanos() / 1000;
        String lingerText = micros % 1000 == 0 ? micros / 1000 + "ms" : micros + "us";
        return DataSize.ofBytes(bytes) + "," + lingerText;
    }
}
