package dev.sluice.log;

import dev.sluice.testing.TestData;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The process {@link LogKillTest} kills.
 *
 * <p>{@code append DIR SEED IO DURABILITY WRITE_BEHIND CACHE MAX_RECORDS}: opens (recovers) the log
 * with that policy ({@link #config}), prints "opened END", then appends batches of 1 to 3 records
 * {@link #payload}(SEED, offset) until MAX_RECORDS are appended (then idles until killed). Each
 * time {@link Log#onDurable} reports a new durable offset N it prints "durable N": every record
 * below N is acknowledged as durable.
 *
 * <p>{@code recover DIR}: opens (recovers) the log, prints "opened END" and closes it.
 */
public final class LogKillChild {
    static final int SEGMENT_BYTES = 256 * 1024;
    static final int MAX_BATCH_BYTES = 64 * 1024;
    static final int INDEX_INTERVAL_BYTES = 2048;
    static final int MAX_RECORD_BYTES = 20 * 1024;

    private LogKillChild() {
    }

    /** The configuration of every log of this test: only the policies differ between rounds. */
    static LogConfig config(IoMode io, Durability durability, WriteBehind writeBehind, CacheHint cache) {
        return LogConfig.builder().segmentBytes(SEGMENT_BYTES).maxBatchBytes(MAX_BATCH_BYTES)
                .indexIntervalBytes(INDEX_INTERVAL_BYTES).ioMode(io).durability(durability).writeBehind(writeBehind)
                .cacheHint(cache).build();
    }

    static LogConfig config(String[] policy) {
        return config(IoMode.valueOf(policy[0]), Durability.parse(policy[1]), WriteBehind.parse(policy[2]),
                CacheHint.valueOf(policy[3]));
    }

    /**
     * The payload of record {@code offset} in a log seeded with {@code seed}: 0 to 20 KiB (mostly
     * small, some large), random bytes tagged with the offset, reproducible by the parent.
     */
    static byte[] payload(long seed, long offset) {
        Random random = new Random(seed * 0x9E3779B97F4A7C15L ^ (offset * 0xC2B2AE3D27D4EB4FL));
        int size = switch (random.nextInt(4)) {
            case 0 -> random.nextInt(16);
            case 1 -> random.nextInt(512);
            case 2 -> random.nextInt(4096);
            default -> random.nextInt(MAX_RECORD_BYTES + 1);
        };
        byte[] bytes = TestData.tagged(random, size, "#" + offset + "#");
        return bytes;
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
        Path dir = Path.of(args[1]);
        if (args[0].equals("recover")) {
            try (Log log = Log.open(dir, config(IoMode.PWRITE, Durability.everyAppend(), WriteBehind.off(),
                    CacheHint.KEEP))) {
                out.println("opened " + log.endOffset());
                out.flush();
            }
            return;
        }
        long seed = Long.parseLong(args[2]);
        LogConfig config = config(new String[] {args[3], args[4], args[5], args[6]});
        long maxRecords = Long.parseLong(args[7]);
        Random random = new Random(seed ^ System.nanoTime());
        try (Log log = Log.open(dir, config)) {
            log.onDurable(offset -> {
                out.println("durable " + offset);
                out.flush();
            });
            long first = log.endOffset();
            out.println("opened " + first);
            out.flush();
            long next = first;
            while (next - first < maxRecords) {
                int n = 1 + random.nextInt(3);
                List<MemorySegment> batch = new ArrayList<>(n);
                for (int r = 0; r < n; r++) {
                    batch.add(MemorySegment.ofArray(payload(seed, next + r)));
                }
                long base = batch.size() == 1 ? log.append(batch.getFirst()) : log.appendBatch(batch);
                if (base != next) {
                    throw new IllegalStateException("appended at " + base + ", expected " + next);
                }
                next += n;
            }
            out.println("idle " + next);
            out.flush();
            Thread.sleep(Duration.ofMinutes(10));
        }
    }
}
