package dev.sluice.log;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The read-only follower of the live-contract test, in a JVM of its own: opens the log read-only,
 * tails it with {@link Log#refresh()}, and writes what it saw to a file the test checks against its
 * oracle: 'S' start offset, 'R' offset and digest per record, 'O' the new start after a retention error.
 * It stops once it has read up to the offset the test writes to the end file, or after a time limit.
 *
 * <p>Arguments: log directory, output file, end file, segment bytes, max batch bytes, read-ahead kind,
 * cache hint, time limit in seconds.
 */
public final class LiveFollowerChild {
    private LiveFollowerChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path endFile = Path.of(args[2]);
        LogConfig config = LogConfig.builder().segmentBytes(Long.parseLong(args[3])).maxBatchBytes(Integer.parseInt(args[4]))
                .durability(Durability.none()).build();
        ReadAhead.Kind kind = ReadAhead.Kind.valueOf(args[5]);
        ReaderConfig readerConfig = new ReaderConfig(kind == ReadAhead.Kind.EXPLICIT
                ? ReadAhead.explicit(DataSize.kib(256)) : new ReadAhead(kind, 0), CacheHint.valueOf(args[6]));
        long deadline = System.nanoTime() + Long.parseLong(args[7]) * 1_000_000_000L;
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(args[1]), 1 << 16))) {
            follow(dir, config, readerConfig, endFile, deadline, out);
        }
    }

    private static void follow(Path dir, LogConfig config, ReaderConfig readerConfig, Path endFile, long deadline,
                               DataOutputStream out) throws Exception {
        boolean first = true;
        long next = -1;
        while (System.nanoTime() < deadline) {
            try (Log log = openReadOnly(dir, config, deadline)) {
                long from = next < 0 ? log.startOffset() : Math.max(next, log.startOffset());
                if (first) {
                    out.writeByte('S');
                    out.writeLong(from);
                    first = false;
                } else if (from != next) {
                    // retention moved the start again between learning it and opening here
                    out.writeByte('O');
                    out.writeLong(from);
                    out.writeUTF("the start moved again before the follower reopened");
                }
                next = from;
                try (LogReader reader = log.reader(from, readerConfig)) {
                    tail(log, reader, endFile, deadline, out); // the test finds out if it stopped short
                }
                return;
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).contains("retention")) {
                    throw e;
                }
                // overtaken: the clear error; reopen to learn where the log starts now (a read-only log's
                // start does not move with the writer's retention)
                try (Log log = openReadOnly(dir, config, deadline)) {
                    next = log.startOffset();
                }
                out.writeByte('O');
                out.writeLong(next);
                out.writeUTF(String.valueOf(e.getMessage()));
            }
        }
    }

    /** Reads and refreshes until the end the test wrote (true), or the deadline (false). */
    private static boolean tail(Log log, LogReader reader, Path endFile, long deadline, DataOutputStream out)
            throws Exception {
        long end = -1;
        while (System.nanoTime() < deadline) {
            int n = reader.read(500, (offset, timestamp, payload) -> {
                out.writeByte('R');
                out.writeLong(offset);
                out.writeLong(LiveOracle.digest(payload));
            });
            if (n > 0) {
                continue;
            }
            out.flush(); // at the end of the log: what it saw so far is on disk, should it hang
            String written = end < 0 && Files.exists(endFile) ? Files.readString(endFile).strip() : "";
            if (!written.isEmpty()) { // the test may have created the file and not yet written it
                end = Long.parseLong(written);
            }
            if (end >= 0 && reader.nextOffset() >= end) {
                return true;
            }
            if (!log.refresh()) {
                Thread.sleep(1);
            }
        }
        return false;
    }

    /**
     * openReadOnly, retried only while the log has no segment yet (NoSuchFileException: "no log
     * segments"): races with the writer are openReadOnly's to handle, and fail the run.
     */
    private static Log openReadOnly(Path dir, LogConfig config, long deadline) throws Exception {
        while (true) {
            try {
                return Log.openReadOnly(dir, config);
            } catch (NoSuchFileException e) {
                if (!String.valueOf(e.getMessage()).contains("no log segments") || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(1);
        }
    }
}
