package dev.sluice.log.kafka;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of a Kafka segment's files: the base offset in 20 digits, zero-padded ({@code %020d},
 * as Kafka's {@code LogFileUtils} names them), and a suffix.
 */
public final class KafkaFiles {
    /** The segment itself. */
    public static final String LOG_SUFFIX = ".log";
    /** The sparse offset index. */
    public static final String INDEX_SUFFIX = ".index";
    /** The sparse time index. */
    public static final String TIME_INDEX_SUFFIX = ".timeindex";

    private static final Pattern NAME = Pattern.compile("(\\d{20})(\\.log|\\.index|\\.timeindex)");

    private KafkaFiles() {
    }

    /**
     * The segment's file name, e.g. {@code 00000000000000001234.log}.
     *
     * @param baseOffset the segment's base offset, at least 0
     * @return the name
     */
    public static String log(long baseOffset) {
        return name(baseOffset, LOG_SUFFIX);
    }

    /**
     * The offset index's file name, e.g. {@code 00000000000000001234.index}.
     *
     * @param baseOffset the segment's base offset, at least 0
     * @return the name
     */
    public static String index(long baseOffset) {
        return name(baseOffset, INDEX_SUFFIX);
    }

    /**
     * The time index's file name, e.g. {@code 00000000000000001234.timeindex}.
     *
     * @param baseOffset the segment's base offset, at least 0
     * @return the name
     */
    public static String timeIndex(long baseOffset) {
        return name(baseOffset, TIME_INDEX_SUFFIX);
    }

    /**
     * The base offset in a segment, index or time index file name.
     *
     * @param name a file name
     * @param suffix which kind of file to accept: {@link #LOG_SUFFIX}, {@link #INDEX_SUFFIX} or {@link #TIME_INDEX_SUFFIX}
     * @return the base offset, or empty if the name is not one of that kind (or its digits pass
     *         Long.MAX_VALUE)
     */
    public static OptionalLong parse(String name, String suffix) {
        Matcher m = NAME.matcher(name);
        if (!m.matches() || !m.group(2).equals(suffix)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(m.group(1)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static String name(long baseOffset, String suffix) {
        if (baseOffset < 0) {
            throw new IllegalArgumentException("base offset must be >= 0, was " + baseOffset);
        }
        return String.format("%020d%s", baseOffset, suffix);
    }
}
