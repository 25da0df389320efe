package dev.sluice.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * What a Kafka broker keeps about a partition in its log directory (the partition directory's
 * parent): {@code .kafka_cleanshutdown} after a clean stop, and {@code recovery-point-offset-checkpoint}
 * (version 0: a version line, a count line, then "topic partition offset" lines), the first offset of
 * each partition not yet flushed. Recovery trusts the segments before it, as Kafka's own does.
 */
final class KafkaCheckpoints {
    static final String CLEAN_SHUTDOWN = ".kafka_cleanshutdown";
    static final String RECOVERY_POINTS = "recovery-point-offset-checkpoint";
    private static final long LARGEST_CHECKPOINT = 16L << 20;

    private KafkaCheckpoints() {
    }

    /** Whether the broker that owns the partition directory stopped cleanly. */
    static boolean cleanShutdown(Path partitionDir) {
        Path parent = partitionDir.toAbsolutePath().getParent();
        return parent != null && Files.isRegularFile(parent.resolve(CLEAN_SHUTDOWN), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The partition's recovery point from its log directory's checkpoint, or empty if there is none
     * (or it is unreadable: then every segment is checked).
     */
    static OptionalLong recoveryPoint(Path partitionDir) {
        String name = partitionDir.toAbsolutePath().getFileName().toString();
        int dash = name.lastIndexOf('-');
        Path parent = partitionDir.toAbsolutePath().getParent();
        if (dash <= 0 || parent == null) {
            return OptionalLong.empty();
        }
        String topic = name.substring(0, dash);
        String partition = name.substring(dash + 1);
        Path file = parent.resolve(RECOVERY_POINTS);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > LARGEST_CHECKPOINT) {
                return OptionalLong.empty();
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() < 2 || !lines.getFirst().strip().equals("0")) {
                return OptionalLong.empty();
            }
            for (String line : lines.subList(2, lines.size())) {
                String[] fields = line.strip().split(" ");
                if (fields.length == 3 && fields[0].equals(topic) && fields[1].equals(partition)) {
                    return OptionalLong.of(Long.parseLong(fields[2]));
                }
            }
        } catch (IOException | NumberFormatException unreadable) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
