package dev.sluice.log;

import dev.sluice.sys.KernelFeatures;
import dev.sluice.testing.Fincore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the writer's cache hint leaves in the page cache, with util-linux fincore as the oracle. */
@Tag("fs-matrix")
@Tag("page-cache")
class LogCacheFootprintTest {
    private static final long WRITTEN = 64L << 20;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = IoMode.class, names = {"PWRITE", "MMAP"})
    void dropBehindAndUncachedLeaveTheWrittenLogNearlyUncached(IoMode io) throws Exception {
        long keep = footprint(io, CacheHint.KEEP, "keep");
        long dropBehind = footprint(io, CacheHint.DROP_BEHIND, "drop");
        long uncached = footprint(io, CacheHint.UNCACHED, "uncached");
        assertThat(keep).isGreaterThan(WRITTEN * 9 / 10);
        assertThat(dropBehind).as("drop-behind").isLessThan(WRITTEN / 20);
        assertThat(uncached).as("uncached (RWF_DONTCACHE: %s)", KernelFeatures.dontCache()).isLessThan(WRITTEN / 20);
    }

    /** A durability point drops what it made clean at once, however far the background steps lag. */
    @ParameterizedTest
    @EnumSource(value = IoMode.class, names = {"PWRITE", "MMAP"})
    void flushLeavesNothingBehindTheWriterWhileTheLogIsOpen(IoMode io) throws Exception {
        LogConfig config = LogConfig.builder().ioMode(io).cacheHint(CacheHint.DROP_BEHIND).durability(Durability.none())
                .segmentBytes(2 * WRITTEN).maxBatchBytes(1 << 20).build();
        try (Log log = Log.open(dir, config); Arena arena = Arena.ofConfined()) {
            MemorySegment record = arena.allocate(256 * 1024);
            for (long written = 0; written < WRITTEN; written += record.byteSize()) {
                log.append(record);
            }
            log.flush();
            assertThat(Fincore.residentBytes(dir.resolve(log.segments().getFirst().name()))).as("bytes left cached").isLessThan(WRITTEN / 20);
        }
    }

    /**
     * Read-ahead (the kernel's, or explicit: the kernel's for a descriptor of its own) caches pages
     * normally, in folios of up to 2 MiB; uncached readers drop them behind, folios straddling a step's
     * end included.
     */
    @ParameterizedTest
    @CsvSource({"DROP_BEHIND, true", "UNCACHED, true", "DROP_BEHIND, false", "UNCACHED, false"})
    void readersWithACacheHintLeaveWhatTheyReadUncached(CacheHint hint, boolean explicit) throws Exception {
        LogConfig config = LogConfig.builder().durability(Durability.none()).segmentBytes(2 * WRITTEN).build();
        try (Log log = Log.open(dir, config); Arena arena = Arena.ofConfined()) {
            MemorySegment record = arena.allocate(256 * 1024);
            for (long written = 0; written < WRITTEN; written += record.byteSize()) {
                log.append(record);
            }
            log.flush();
            Path segment = dir.resolve(log.segments().getFirst().name());
            dev.sluice.cache.PageCache.evict(segment, 0, 0, dev.sluice.cache.Progress.NONE);
            long read = 0;
            ReadAhead readAhead = explicit ? ReadAhead.explicit(DataSize.mib(32)) : ReadAhead.kernelDefault();
            try (LogReader reader = log.reader(0, new ReaderConfig(readAhead, hint))) {
                List<LogRecord> batch;
                while (!(batch = reader.poll(16)).isEmpty()) {
                    read += batch.size();
                }
            }
            assertThat(read).isEqualTo(WRITTEN / record.byteSize());
            assertThat(Fincore.residentBytes(segment)).isLessThan(WRITTEN / 20);
        }
    }

    private long footprint(IoMode io, CacheHint hint, String name) throws Exception {
        Path logDir = dir.resolve(name);
        LogConfig config = LogConfig.builder().ioMode(io).cacheHint(hint).durability(Durability.none())
                .segmentBytes(32L << 20).maxBatchBytes(1 << 20).build();
        try (Log log = Log.open(logDir, config); Arena arena = Arena.ofConfined()) {
            MemorySegment record = arena.allocate(256 * 1024);
            for (long written = 0; written < WRITTEN; written += record.byteSize()) {
                log.append(record);
            }
        }
        long resident = 0;
        try (Stream<Path> files = Files.list(logDir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                resident += Fincore.residentBytes(file);
            }
        }
        return resident;
    }
}
