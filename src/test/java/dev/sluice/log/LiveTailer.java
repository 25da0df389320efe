package dev.sluice.log;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * One tailing reader of the live-contract test, in this process: reads the writer's log as it
 * grows with {@link LogReader#read(int, RecordVisitor)}, checking every record with its
 * {@link LiveCursor}. It pauses now and then so that retention overtakes it, and then expects the
 * clear error and seeks to the log's start. At each reopen of the log it opens a new reader where it
 * was, with the next cache hint.
 */
final class LiveTailer implements Runnable {
    private static final List<CacheHint> HINTS = List.of(CacheHint.values());

    private final LiveLog live;
    private final ReadAhead readAhead;
    private final LiveCursor cursor;
    private final Random random;
    private final boolean spin;
    private final LongSupplier end;
    private final BooleanSupplier stop;
    private final long deadlineNanos;
    private LogReader reader;
    private int generation = -1;
    private int hint;

    LiveTailer(LiveLog live, ReadAhead readAhead, int firstHint, LiveCursor cursor, Random random, boolean spin,
               LongSupplier end, BooleanSupplier stop, long deadlineNanos) {
        this.live = live;
        this.readAhead = readAhead;
        this.hint = firstHint;
        this.cursor = cursor;
        this.random = random;
        this.spin = spin;
        this.end = end;
        this.stop = stop;
        this.deadlineNanos = deadlineNanos;
    }

    /** The cache hints this reader has read with, one per reopen. */
    String name() {
        return cursor.name();
    }

    @Override
    public void run() {
        try {
            cursor.start(0);
            int idle = 0;
            while (!stop.getAsBoolean()) {
                long e = end.getAsLong();
                if (e >= 0 && cursor.expected() >= e) {
                    return;
                }
                if (System.nanoTime() > deadlineNanos) {
                    throw new AssertionError(cursor.name() + ": at offset " + cursor.expected() + " when time ran out"
                            + (e >= 0 ? " (the log ends at " + e + ")" : ""));
                }
                int n = live.use(this::readSome);
                if (n > 0) {
                    idle = 0;
                } else if (spin || ++idle < 20) {
                    Thread.onSpinWait(); // at the end of the log: try again at once, where the races are
                } else {
                    LockSupport.parkNanos(100_000);
                }
                if (random.nextInt(3000) == 0) {
                    Thread.sleep(20 + random.nextInt(300)); // fall behind: retention may overtake this reader
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new AssertionError(cursor.name() + ": at offset " + cursor.expected() + ": " + e, e);
        } finally {
            closeReader();
        }
    }

    private int readSome(Log log) throws IOException {
        if (generation != live.generation()) {
            closeReader();
            generation = live.generation();
            reader = open(log, cursor.expected(), HINTS.get(hint++ % HINTS.size()));
        }
        try {
            return reader.read(1 + random.nextInt(600),
                    (offset, timestamp, payload) -> cursor.record(offset, LiveOracle.digest(payload)));
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("retention")) {
                throw e;
            }
            long start = log.startOffset();
            cursor.overtaken(start, e.getMessage());
            seekToStart(log);
            return 1;
        }
    }

    /** A reader at {@code offset}; if retention took it, the clear refusal and a reader at the start. */
    private LogReader open(Log log, long offset, CacheHint cacheHint) throws IOException {
        ReaderConfig config = new ReaderConfig(readAhead, cacheHint);
        while (true) {
            try {
                return log.reader(offset, config);
            } catch (IllegalArgumentException e) {
                if (!String.valueOf(e.getMessage()).contains("outside the log") || offset >= log.startOffset()) {
                    throw e;
                }
                offset = log.startOffset();
                cursor.overtaken(offset, e.getMessage());
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).contains("retention")) {
                    throw e;
                }
                offset = log.startOffset();
                cursor.overtaken(offset, e.getMessage());
            }
        }
    }

    private void seekToStart(Log log) throws IOException {
        while (true) {
            long start = log.startOffset();
            try {
                reader.seek(start);
                if (start != cursor.expected()) {
                    cursor.overtaken(start, "retention again while seeking");
                }
                return;
            } catch (IllegalArgumentException e) {
                // retention moved the start between reading it and seeking: again
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).contains("retention")) {
                    throw e;
                }
            }
        }
    }

    private void closeReader() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // the reader of a closed log: nothing left to release that matters here
            }
            reader = null;
        }
    }
}
