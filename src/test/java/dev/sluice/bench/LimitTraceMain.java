package dev.sluice.bench;

import dev.sluice.log.Log;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The child JVM of {@link LimitProgramTest}: the benchmarks' own code for one variant, so that its
 * system calls can be traced beside the limit program's.
 * <ul>
 * <li>{@code append VARIANT DIR RECORDS RECORD_SIZE DURABLE_EVERY}: {@link Appenders} as the
 *     append benchmarks drive them (append each record, finish, close);</li>
 * <li>{@code read VARIANT SIZE}: {@link Readers} over the {@link ReadDataset} of that size, made
 *     first if missing (under {@code -Dsluice.bench.dir}); prints {@code segment=PATH}.</li>
 * </ul>
 */
final class LimitTraceMain {
    private LimitTraceMain() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "append" -> {
                long records = Long.parseLong(args[3]);
                int recordSize = Integer.parseInt(args[4]);
                ByteBuffer record = BenchData.randomRecord(recordSize, 3);
                try (Appenders appender = Appenders.open(args[1], Path.of(args[2]), records * recordSize, recordSize,
                        Long.parseLong(args[5]))) {
                    for (long i = 0; i < records; i++) {
                        appender.append(record.clear());
                    }
                    appender.finish();
                }
            }
            case "read" -> {
                ReadDataset data = ReadDataset.ensure(args[2]);
                System.out.println("segment=" + data.segment.toRealPath());
                try (Log log = Log.openReadOnly(data.dir, data.config)) {
                    Readers.read(args[1], data, log);
                }
            }
            default -> throw new IllegalArgumentException("append or read, not " + args[0]);
        }
    }
}
