package dev.sluice.log;

import dev.sluice.testing.TestData;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The process {@link RealDiskFullTest} runs on a real full file system ({@code enospc}: a 4 MiB tmpfs)
 * or under a file size limit ({@code efbig}: {@code ulimit -f}). It appends (pwrite, durable on every
 * append) until the kernel refuses, prints the error, reopens the log and checks every acknowledged
 * record, makes room (deletes a filler file, or uses smaller segments), appends again, reopens and
 * checks again, and prints one summary line the parent asserts on. Every check that fails prints
 * "FAILED ..." and exits 1.
 *
 * <p>Arguments: mode ({@code enospc} or {@code efbig}), directory.
 */
public final class RealDiskFullChild {
    private static final PrintStream OUT = System.out;
    private static final long SEED = 31;

    private RealDiskFullChild() {
    }

    static LogConfig config(long segmentBytes) {
        return LogConfig.builder().segmentBytes(segmentBytes).maxBatchBytes(16 * 1024).indexIntervalBytes(4096)
                .ioMode(IoMode.PWRITE).durability(Durability.everyAppend()).build();
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path root = Path.of(args[1]);
        Path filler = root.resolve("filler");
        Path dir = root.resolve("log");
        long segmentBytes;
        if (mode.equals("enospc")) {
            Files.write(filler, new byte[1 << 20]); // 1 MiB to free later
            segmentBytes = 512 * 1024;
        } else {
            segmentBytes = 4L << 20; // more than the 1 MiB the file size limit allows
        }
        List<byte[]> acknowledged = new ArrayList<>();
        IOException error = null;
        long limit = 100_000; // a safety net: 4 MiB hold fewer than 2,000 of these records
        try (Log log = Log.open(dir, config(segmentBytes))) {
            for (long i = 0; i < limit && error == null; i++) {
                byte[] p = payload(i);
                try {
                    long offset = log.append(p);
                    check(offset == acknowledged.size(), "offset " + offset + " for append " + acknowledged.size());
                    check(log.durableOffset() == offset + 1, "durable after append " + offset);
                    acknowledged.add(p);
                } catch (IOException e) {
                    error = e;
                }
            }
            OUT.println("error " + error);
            OUT.println("failed-state " + log.hasFailed());
        } catch (IOException e) {
            OUT.println("close " + e); // a full disk may refuse the index or marker written at close
        }
        check(error != null, "the appends never failed");
        int acked = acknowledged.size();
        OUT.println("acked " + acked);

        int recovered = verify(dir, config(segmentBytes), acknowledged, "after the error");

        if (mode.equals("enospc")) {
            Files.delete(filler);
        } else {
            segmentBytes = 256 * 1024; // segments under the limit
        }
        int resumed = 0;
        try (Log log = Log.open(dir, config(segmentBytes))) {
            check(log.endOffset() == recovered, "end offset " + log.endOffset() + " on reopening");
            // the record offsets go on from what recovery kept (at least every acknowledged one)
            List<byte[]> all = new ArrayList<>(readPayloads(log));
            for (int i = 0; i < 100; i++) {
                byte[] p = payload(log.endOffset());
                log.append(p);
                all.add(p);
                resumed++;
            }
            acknowledged = all;
        }
        int total = verify(dir, config(segmentBytes), acknowledged, "after resuming");
        OUT.println("summary " + mode + " acked=" + acked + " recovered=" + recovered + " resumed=" + resumed
                + " total=" + total + " ok");
        OUT.flush();
    }

    /** Reopens the log and checks that it holds every acknowledged record (and only records appended). */
    private static int verify(Path dir, LogConfig config, List<byte[]> acknowledged, String when) throws IOException {
        Log log = Log.open(dir, config);
        try {
            List<byte[]> payloads = readPayloads(log);
            check(log.startOffset() == 0, when + ": start offset " + log.startOffset());
            check(payloads.size() >= acknowledged.size(), when + ": " + payloads.size() + " records, "
                    + acknowledged.size() + " acknowledged");
            for (int i = 0; i < acknowledged.size(); i++) {
                check(Arrays.equals(payloads.get(i), acknowledged.get(i)), when + ": record " + i + " differs");
            }
            for (int i = acknowledged.size(); i < payloads.size(); i++) {
                check(Arrays.equals(payloads.get(i), payload(i)), when + ": unacknowledged record " + i + " is garbage");
            }
            OUT.println("verified " + when + " " + payloads.size() + " records, " + log.segments().size() + " segments");
            return payloads.size();
        } finally {
            try {
                log.close();
            } catch (IOException e) {
                OUT.println("close " + e); // on a full disk the index written at a clean close may not fit
            }
        }
    }

    private static List<byte[]> readPayloads(Log log) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (LogRecord r : LogTesting.readAll(log, 0)) {
            check(r.offset() == out.size(), "offset " + r.offset() + " read at " + out.size());
            out.add(r.payload());
        }
        return out;
    }

    /** 1,000 to 3,999 bytes, deterministic per offset. */
    static byte[] payload(long offset) {
        java.util.Random random = new java.util.Random(SEED * 7919 + offset);
        return TestData.randomBytes(random, 1000 + random.nextInt(3000));
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            OUT.println("FAILED " + what);
            OUT.flush();
            System.exit(1);
        }
    }
}
