package dev.sluice.log;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of the files in a log directory: segments {@code <20-digit base offset>.log}, their indexes
 * {@code <base>.index}, and temporary files ending in {@code .tmp}. Names are validated before any
 * syscall uses them.
 */
final class SegmentNames {
    static final String LOG = ".log";
    static final String INDEX = ".index";
    /** Kafka's time index; in Kafka's format beside each segment. */
    static final String TIME_INDEX = ".timeindex";
    static final String TEMPORARY = ".tmp";
    static final String RECOVERY_POINT = "recovery-point";
    static final String CLEAN_SHUTDOWN = "clean-shutdown";
    static final String WRITER_LOCK = "writer.lock";

    private static final Pattern FILE = Pattern.compile("(\\d{20})(\\.log|\\.index|\\.timeindex)");
    /** What a Kafka broker keeps in a partition directory besides segments and indexes. */
    private static final Pattern KAFKA_FILE = Pattern.compile("\\d{20}\\.(snapshot|txnindex)|partition\\.metadata"
            + "|leader-epoch-checkpoint");

    private SegmentNames() {
    }

    static String log(long baseOffset) {
        return name(baseOffset, LOG);
    }

    static String index(long baseOffset) {
        return name(baseOffset, INDEX);
    }

    private static String name(long baseOffset, String suffix) {
        if (baseOffset < 0) {
            throw new IllegalArgumentException("base offset must be >= 0, was " + baseOffset);
        }
        return String.format("%020d%s", baseOffset, suffix);
    }

    /** The base offset of a segment file name ({@code .log} only), or empty if it is not one. */
    static OptionalLong parseLog(String name) {
        Matcher m = FILE.matcher(requireSafe(name));
        if (!m.matches() || !m.group(2).equals(LOG)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(m.group(1)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // 20 digits beyond Long.MAX_VALUE
        }
    }

    /** Whether the name is of an index: sluice's or Kafka's offset index, or Kafka's time index. */
    static boolean isIndex(String name) {
        Matcher m = FILE.matcher(requireSafe(name));
        return m.matches() && !m.group(2).equals(LOG);
    }

    /**
     * Whether a log writes a file of this name: segments, indexes, temporaries and its small files,
     * and what a Kafka broker keeps beside a partition's segments.
     */
    static boolean isLogFile(String name) {
        return parseLog(name).isPresent() || isIndex(name) || isTemporary(name) || name.equals(RECOVERY_POINT)
                || name.equals(CLEAN_SHUTDOWN) || name.equals(WRITER_LOCK) || isKafkaFile(name);
    }

    /** Whether a Kafka broker writes a file of this name in a partition directory (not a segment or index). */
    static boolean isKafkaFile(String name) {
        return KAFKA_FILE.matcher(requireSafe(name)).matches();
    }

    static boolean isTemporary(String name) {
        return requireSafe(name).endsWith(TEMPORARY);
    }

    /** Refuses names that could leave the directory or be cut short by C: '/', "..", NUL, empty. */
    static String requireSafe(String name) {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\0") || name.equals(".")
                || name.equals("..")) {
            throw new IllegalArgumentException("unsafe file name in a log directory: '"
                    + String.valueOf(name).replace("\0", "\\0") + "'");
        }
        return name;
    }
}
