package dev.sluice.log;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of bytes, written as people write them: 4096, 4k, 64KiB, 16m, 1g (binary multiples).
 *
 * @param bytes the size in bytes, at least 0
 */
public record DataSize(long bytes) {
    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);

    /**
     * Checks the size.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public DataSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size must be >= 0, was " + bytes);
        }
    }

    /**
     * {@return a size of {@code bytes} bytes}
     *
     * @param bytes a number of bytes, at least 0
     */
    public static DataSize ofBytes(long bytes) {
        return new DataSize(bytes);
    }

    /**
     * {@return a size of {@code n} KiB}
     *
     * @param n a number of KiB (1024 bytes)
     * @throws ArithmeticException if it overflows a long
     */
    public static DataSize kib(long n) {
        return new DataSize(Math.multiplyExact(n, 1L << 10));
    }

    /**
     * {@return a size of {@code n} MiB}
     *
     * @param n a number of MiB (1024 KiB)
     * @throws ArithmeticException if it overflows a long
     */
    public static DataSize mib(long n) {
        return new DataSize(Math.multiplyExact(n, 1L << 20));
    }

    /**
     * {@return a size of {@code n} GiB}
     *
     * @param n a number of GiB (1024 MiB)
     * @throws ArithmeticException if it overflows a long
     */
    public static DataSize gib(long n) {
        return new DataSize(Math.multiplyExact(n, 1L << 30));
    }

    /**
     * Parses "4096", "4k", "4K", "64KiB", "64kb", "16m", "1g", "1t"; k, m, g, t are powers of 1024.
     *
     * @param text the size as text
     * @return the size
     * @throws IllegalArgumentException if the text is not a size or the size does not fit a long
     */
    public static DataSize parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: '" + text + "' (examples: 4096, 4k, 64KiB, 16m, 1g)");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        try {
            long n = Long.parseLong(m.group(1));
            if (n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return new DataSize(n << shift);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size too large: '" + text + "'");
        }
    }

    /**
     * The size in the largest of GiB, MiB and KiB that divides it exactly, else in bytes: "16MiB", "4097B".
     *
     * @return the size as text
     */
    @Override
    public String toString() {
        for (String unit : new String[] {"GiB", "MiB", "KiB"}) {
            int shift = unit.equals("GiB") ? 30 : unit.equals("MiB") ? 20 : 10;
            if (bytes != 0 && bytes % (1L << shift) == 0) {
                return (bytes >> shift) + unit;
            }
        }
        return bytes + "B";
    }
}
