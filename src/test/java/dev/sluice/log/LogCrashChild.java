package dev.sluice.log;

import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@link LogCrashTest} kills: opens (recovering) the log in {@code args[0]} with
 * durability on every append and the I/O mode {@code args[2]}, then appends the records
 * {@link LogTesting#payload}({@code args[1]}, offset) forever, printing "acked N" once the append of
 * offset N has returned. Every seventh append is a batch of three records.
 */
public final class LogCrashChild {
    private LogCrashChild() {
    }

    static LogConfig config(IoMode io) {
        return LogTesting.small().toBuilder().ioMode(io).durability(Durability.everyAppend()).build();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        IoMode io = IoMode.valueOf(args[2]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        try (Log log = Log.open(dir, config(io))) {
            out.println("opened " + log.endOffset());
            out.flush();
            for (long i = 0; ; i++) {
                long next = log.endOffset();
                long last;
                if (i % 7 == 6) {
                    List<MemorySegment> batch = new ArrayList<>();
                    for (int r = 0; r < 3; r++) {
                        batch.add(MemorySegment.ofArray(LogTesting.payload(seed, next + r)));
                    }
                    last = log.appendBatch(batch) + 2;
                } else {
                    last = log.append(LogTesting.payload(seed, next));
                }
                out.println("acked " + last);
                out.flush();
            }
        }
    }
}
