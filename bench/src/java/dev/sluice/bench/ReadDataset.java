package dev.sluice.bench;

import dev.sluice.log.DataSize;
import dev.sluice.log.Durability;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The log the read benchmarks read: {@code size} bytes of {@code recordSize} records in one segment,
 * written once under the benchmark directory and shared by every fork and round of a suite run (so
 * every variant reads the same blocks of the same disk). A marker file says it was completed.
 */
final class ReadDataset {
    static final int RECORD = 64 * 1024;

    final Path dir;
    final Path segment;
    final LogConfig config;
    final long bytes;

    private ReadDataset(Path dir, LogConfig config) throws IOException {
        this.dir = dir;
        this.config = config;
        try (var files = Files.list(dir)) {
            this.segment = files.filter(p -> p.getFileName().toString().endsWith(".log")).findFirst()
                    .orElseThrow(() -> new IOException("no segment in " + dir));
        }
        this.bytes = Files.size(segment);
    }

    static ReadDataset ensure(String size) throws IOException {
        long total = BenchData.bytes(size);
        LogConfig config = LogConfig.builder().segmentBytes(total + (64L << 20)).durability(Durability.none()).build();
        Path dir = BenchFiles.directory().resolve("read-dataset-" + size);
        Path done = BenchFiles.directory().resolve("read-dataset-" + size + ".complete");
        if (!Files.exists(done)) {
            BenchData.deleteTree(dir);
            try (Log log = Log.open(dir, config)) {
                ByteBuffer record = BenchData.randomRecord(RECORD, 11);
                for (long written = 0; written < total; written += RECORD) {
                    log.append(MemorySegment.ofBuffer(record.clear()));
                }
                log.flush();
            }
            Files.writeString(done, DataSize.ofBytes(total).toString());
        }
        return new ReadDataset(dir, config);
    }
}
