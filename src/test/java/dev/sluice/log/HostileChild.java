package dev.sluice.log;

import java.nio.file.Path;
import java.util.List;

/**
 * Child JVM of {@link LogHostileTest}.
 * <ul>
 * <li>{@code corrupt DIR...}: opens (recovers) each log with maxBatchBytes 1 MiB, reads it all and
 *     verifies it, printing one line per log ("ok N" or "refused: ..."); run with a small heap.</li>
 * <li>{@code create DIR}: creates a log with several segments and closes it (run under umask 000).</li>
 * </ul>
 */
public final class HostileChild {
    private HostileChild() {
    }

    static LogConfig oneMiB() {
        return LogConfig.builder().segmentBytes(64 * 1024 * 1024).maxBatchBytes(1 << 20).indexIntervalBytes(4096)
                .durability(Durability.none()).build();
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "corrupt" -> {
                for (int i = 1; i < args.length; i++) {
                    Path dir = Path.of(args[i]);
                    try {
                        LogVerifier.Result verified = LogVerifier.verify(dir, oneMiB());
                        long n;
                        try (Log log = Log.open(dir, oneMiB())) {
                            n = LogTesting.readAll(log, 0).size();
                        }
                        System.out.println("ok " + n + " " + verified.clean());
                    } catch (java.io.IOException e) {
                        System.out.println("refused: " + e.getMessage().lines().findFirst().orElse(""));
                    }
                }
            }
            case "create" -> {
                try (Log log = Log.open(Path.of(args[1]), LogTesting.small())) {
                    LogTesting.appendRecords(log, 1, 200);
                    List<SegmentInfo> segments = log.segments();
                    System.out.println("segments " + segments.size());
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
