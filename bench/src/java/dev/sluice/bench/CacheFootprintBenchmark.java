package dev.sluice.bench;

import dev.sluice.cache.PageCache;
import dev.sluice.cache.Progress;
import dev.sluice.log.Log;
import dev.sluice.log.LogReader;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Scenario {@code cache-footprint}: what stays in the page cache, by phase.
 * <ul>
 * <li>{@code write}: after appending {@code size} bytes (64 KiB records) and making them durable:
 *     NIO FileChannel.write + force, against the log with a cache hint.</li>
 * <li>{@code read}: after reading the {@link ReadDataset} cold: NIO FileChannel.read (1 MiB), against
 *     a log reader with a cache hint.</li>
 * <li>{@code tail}: a catch-up reader scans the cold dataset while a {@code tailSize} hot tail
 *     (just written and read once) sits in the cache; the JVM runs in a memory cgroup limited to the
 *     tail plus {@code headroom}, so the scan meets memory pressure as on a full machine. The figure
 *     is the lowest tail residency seen, sampled every 16 MiB of the scan.</li>
 * </ul>
 * Figures: {@code cachedMiB} (what the written or scanned file left cached, by cachestat) and, for
 * the tail, {@code hotTailPct}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
// The heap is touched in full at start, while the JVM is still outside the memory cgroup: heap pages
// first touched inside it would count against its limit, and anonymous memory cannot be reclaimed.
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"},
        jvmArgsAppend = {BenchJvm.NATIVE_ACCESS, BenchJvm.OPEN_NIO_CH, BenchJvm.OPEN_IO})
public class CacheFootprintBenchmark {
    private static final long MIB = 1 << 20;
    private static final long SAMPLE_EVERY = 16 * MIB;

    @Param({"nio", "sluice-dropbehind", "sluice-uncached"})
    public String variant;
    @Param({"write", "read", "tail"})
    public String phase;
    @Param({"1g"})
    public String size;
    @Param({"64m"})
    public String tailSize;
    @Param({"256m"})
    public String headroom;

    private ReadDataset data;
    private Log dataLog;
    private Path dir;
    private Path tail;
    private MemoryCgroup cgroup;

    @Setup(Level.Trial)
    public void dataset() throws IOException {
        if (!phase.equals("write")) {
            data = ReadDataset.ensure(size);
            dataLog = Log.openReadOnly(data.dir, data.config);
        }
    }

    @TearDown(Level.Trial)
    public void closeDataset() throws IOException {
        if (dataLog != null) {
            dataLog.close();
        }
    }

    @Setup(Level.Iteration)
    public void prepare() throws IOException {
        dir = BenchData.freshDirectory("cache-footprint-");
        if (data != null) {
            PageCache.evict(data.segment, 0, 0, Progress.NONE);
        }
        if (phase.equals("tail")) {
            StringBuilder whyNot = new StringBuilder();
            Optional<MemoryCgroup> entered = MemoryCgroup.enter(BenchData.bytes(tailSize) + BenchData.bytes(headroom), whyNot);
            if (entered.isEmpty()) {
                throw new IllegalStateException("the tail phase needs memory pressure: " + whyNot);
            }
            cgroup = entered.get();
            tail = dir.resolve("hot-tail");
            writeHotTail();
        }
    }

    /** The tail as a broker's newest segment is: written, then read by a tailing consumer. */
    private void writeHotTail() throws IOException {
        ByteBuffer record = BenchData.randomRecord(ReadDataset.RECORD, 3);
        try (FileChannel ch = FileChannel.open(tail, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            for (long at = 0; at < BenchData.bytes(tailSize); at += record.capacity()) {
                ch.write(record.clear());
            }
            ch.force(false);
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            long at = 0;
            int n;
            while ((n = ch.read(buffer.clear(), at)) > 0) {
                at += n;
            }
        }
    }

    @Benchmark
    public void run() throws IOException {
        switch (phase) {
            case "write" -> write();
            case "read" -> read(null);
            case "tail" -> {
                try (NativeFile tailFile = NativeFile.open(tail, EnumSet.of(OpenFlag.READ))) {
                    read(tailFile);
                }
            }
            default -> throw new IllegalArgumentException("unknown phase " + phase);
        }
    }

    private void write() throws IOException {
        long total = BenchData.bytes(size);
        ByteBuffer record = BenchData.randomRecord(ReadDataset.RECORD, 5);
        Path written;
        if (variant.equals("nio")) {
            written = dir.resolve("nio.log");
            try (FileChannel ch = FileChannel.open(written, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (long at = 0; at < total; at += record.capacity()) {
                    ch.write(record.clear());
                }
                ch.force(false);
                recordCached(written);
            }
            return;
        }
        try (Log log = Log.open(dir, Appenders.sluiceConfig(variant, total, ReadDataset.RECORD, 0))) {
            for (long at = 0; at < total; at += record.capacity()) {
                log.append(record.clear());
            }
            log.flush();
            recordCached(dir.resolve(log.segments().getFirst().name()));
        }
    }

    /** Reads the whole dataset; with {@code tail}, samples its residency along the way. */
    private void read(NativeFile tailFile) throws IOException {
        double lowest = 100;
        if (variant.equals("nio")) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            try (FileChannel ch = FileChannel.open(data.segment, StandardOpenOption.READ)) {
                long at = 0;
                long sampled = 0;
                int n;
                while ((n = ch.read(buffer.clear())) > 0) {
                    at += n;
                    if (tailFile != null && at - sampled >= SAMPLE_EVERY) {
                        lowest = Math.min(lowest, PageCache.residency(tailFile, 0, 0).percentCached());
                        sampled = at;
                    }
                }
            }
        } else {
            try (LogReader reader = dataLog.reader(0, Readers.readerConfig(variant))) {
                long at = 0;
                long sampled = 0;
                int records;
                while ((records = reader.read(16, (offset, timestamp, payload) -> { })) > 0) {
                    at += (long) records * ReadDataset.RECORD;
                    if (tailFile != null && at - sampled >= SAMPLE_EVERY) {
                        lowest = Math.min(lowest, PageCache.residency(tailFile, 0, 0).percentCached());
                        sampled = at;
                    }
                }
            }
        }
        recordCached(data.segment);
        if (tailFile != null) {
            lowest = Math.min(lowest, PageCache.residency(tailFile, 0, 0).percentCached());
            Metrics.record("hotTailPct", lowest, "%");
        }
    }

    private static void recordCached(Path file) throws IOException {
        Metrics.record("cachedMiB", PageCache.residency(file).cachedBytes() / (double) MIB, "MiB");
    }

    @TearDown(Level.Iteration)
    public void cleanUp() throws IOException {
        try {
            if (cgroup != null) {
                cgroup.close();
                cgroup = null;
            }
        } finally {
            BenchData.deleteTree(dir);
        }
    }
}
