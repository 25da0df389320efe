package dev.sluice.cache;

import dev.sluice.sys.KernelFeatures;
import dev.sluice.sys.MappedRegion;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;
import dev.sluice.testing.Fincore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@Timeout(120)
@Tag("fs-matrix")
@Tag("page-cache")
class PageCacheTest {
    private static final long MIB = 1 << 20;
    private static final long PAGE = 4096;

    @TempDir
    Path dir;

    @BeforeEach
    void pageSizeIsWhatTheseTestsAssume() {
        assertThat(KernelFeatures.pageSize()).isEqualTo(PAGE);
    }

    /** A file of {@code size} bytes written and made clean (written back), so eviction can drop it. */
    private Path cleanFile(String name, long size) throws IOException {
        Path file = dir.resolve(name);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer chunk = ByteBuffer.allocateDirect((int) MIB);
            for (long at = 0; at < size; at += MIB) {
                chunk.clear().limit((int) Math.min(MIB, size - at));
                ch.write(chunk, at);
            }
            ch.force(false);
        }
        return file;
    }

    /**
     * Reads exactly the range into the cache: with POSIX_FADV_RANDOM the kernel reads no further
     * ahead, so no read-ahead still in flight changes the residency while the test compares it.
     */
    private static void readRange(Path file, long offset, long length) throws IOException {
        try (NativeFile f = NativeFile.open(file, EnumSet.of(OpenFlag.READ)); Arena arena = Arena.ofConfined()) {
            f.advise(dev.sluice.sys.Advice.RANDOM, 0, 0);
            f.readFully(arena.allocate(length), offset);
        }
    }

    @Test
    void residencyMatchesFincoreOnAPartlyCachedFile() throws Exception {
        Path file = cleanFile("partly", 64 * MIB);
        PageCache.evict(file, 0, 0, Progress.NONE);
        readRange(file, 16 * MIB, 8 * MIB);
        readRange(file, 40 * MIB, 3 * MIB);
        long oracle = Fincore.residentBytes(file);
        assertThat(oracle).isEqualTo(11 * MIB);
        Residency r = PageCache.residency(file);
        assertThat(r.cachedBytes()).isCloseTo(oracle, within(PAGE));
        assertThat(r.pages()).isEqualTo(64 * MIB / PAGE);
        assertThat(r.source()).isEqualTo(KernelFeatures.cachestat() ? Residency.Source.CACHESTAT : Residency.Source.MINCORE);
        try (NativeFile f = NativeFile.open(file, EnumSet.of(OpenFlag.READ))) {
            Residency byMincore = PageCache.residencyByMincore(f, 0, 0);
            assertThat(byMincore.cachedBytes()).isCloseTo(oracle, within(PAGE));
            assertThat(byMincore.source()).isEqualTo(Residency.Source.MINCORE);
            assertThat(byMincore.dirtyPages()).isEqualTo(-1);
            assertThat(byMincore.overReported()).isFalse();
        }
    }

    @Test
    void pageMapShowsTheCachedRuns() throws Exception {
        Path file = cleanFile("runs", 16 * MIB);
        PageCache.evict(file, 0, 0, Progress.NONE);
        try (NativeFile f = NativeFile.open(file, EnumSet.of(OpenFlag.READ)); Arena arena = Arena.ofConfined()) {
            f.advise(dev.sluice.sys.Advice.RANDOM, 0, 0); // no read-ahead beyond what is read
            f.readFully(arena.allocate(2 * MIB), 4 * MIB);
        }
        PageMap map = PageCache.pageMap(file, 0, 0);
        assertThat(map.pages()).isEqualTo(4096);
        List<PageMap.Run> cachedRuns = map.runs().stream().filter(PageMap.Run::cached).toList();
        assertThat(cachedRuns).containsExactly(new PageMap.Run(1024, 512, true));
        assertThat(map.render(8)).isEqualTo("[  O     ]");
    }

    @Test
    void evictionOfACleanFileLeavesNothingCached() throws Exception {
        Path file = cleanFile("clean", 32 * MIB);
        readRange(file, 0, 32 * MIB);
        assertThat(Fincore.residentBytes(file)).isEqualTo(32 * MIB);
        EvictionReport report = PageCache.evict(file, 0, 0, Progress.NONE);
        assertThat(Fincore.residentBytes(file)).isZero();
        assertThat(report.before().cachedPages()).isEqualTo(32 * MIB / PAGE);
        assertThat(report.after().cachedPages()).isZero();
        assertThat(report.retainedBecause()).isEmpty();
    }

    @Test
    void dirtyPagesAreCountedAndEvictionWritesThemBackFirst() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(KernelFeatures.cachestat(), "dirty counts need cachestat");
        Path file = dir.resolve("dirty");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocateDirect((int) (16 * MIB)), 0);
        }
        Residency dirty = PageCache.residency(file);
        assertThat(dirty.cachedPages()).isEqualTo(16 * MIB / PAGE);
        assertThat(dirty.dirtyPages() + dirty.writebackPages()).isPositive();
        EvictionReport report = PageCache.evict(file, 0, 0, Progress.NONE);
        assertThat(report.after().cachedPages()).isZero();
        assertThat(report.after().dirtyPages()).isZero();
        assertThat(Fincore.residentBytes(file)).isZero();
    }

    @Test
    void warmingAFileOfManyReadAheadWindowsCachesIt() throws Exception {
        Path file = cleanFile("warm", 256 * MIB);
        PageCache.evict(file, 0, 0, Progress.NONE);
        assertThat(Fincore.residentBytes(file)).isZero();
        long[] lastProgress = new long[2];
        Residency after = PageCache.warm(file, 0, 0, (done, total) -> {
            lastProgress[0] = done;
            lastProgress[1] = total;
        });
        assertThat(Fincore.residentBytes(file)).isGreaterThanOrEqualTo(256 * MIB * 99 / 100);
        assertThat(after.percentCached()).isGreaterThanOrEqualTo(99.0);
        assertThat(lastProgress).containsExactly(256 * MIB, 256 * MIB);
    }

    @Test
    void warmingARangeCachesThatRangeAndAsyncWarmCompletes() throws Exception {
        Path file = cleanFile("range", 64 * MIB);
        PageCache.evict(file, 0, 0, Progress.NONE);
        Residency part = PageCache.warm(file, 8 * MIB, 16 * MIB, Progress.NONE);
        assertThat(part.cachedPages()).isEqualTo(16 * MIB / PAGE);
        assertThat(Fincore.residentBytes(file)).isBetween(16 * MIB, 40 * MIB);
        PageCache.evict(file, 0, 0, Progress.NONE);
        Residency whole = PageCache.warmAsync(file, 0, 0, ForkJoinPool.commonPool()).get();
        // Every page was populated, but the kernel may take one back before the count (seen once in
        // four runs on XFS: 16383 of 16384 pages), so the whole file is "at least 99.9%".
        assertThat(whole.percentCached()).isGreaterThanOrEqualTo(99.9);
    }

    @Test
    void pagesMappedByAProcessStayAndTheReportSaysWhy() throws Exception {
        Path file = cleanFile("mapped", 8 * MIB);
        try (NativeFile f = NativeFile.open(file, EnumSet.of(OpenFlag.READ));
             MappedRegion region = MappedRegion.map(f, 0, 8 * MIB, MappedRegion.Access.READ_ONLY,
                     MappedRegion.Populate.NOW, MappedRegion.Sharing.CONFINED)) {
            EvictionReport report = PageCache.evict(file, 0, 0, Progress.NONE);
            assertThat(report.after().cachedPages()).isPositive();
            assertThat(report.retainedBecause()).anySatisfy(reason ->
                    assertThat(reason).contains("mapped by pid " + ProcessHandle.current().pid()));
        }
    }

    @Test
    void lockedRangesStayCachedUntilClosed() throws Exception {
        Path file = cleanFile("locked", 4 * MIB);
        PageCache.evict(file, 0, 0, Progress.NONE);
        try (LockedRange locked = PageCache.lock(file, 0, 0)) {
            assertThat(locked.bytes()).isEqualTo(4 * MIB);
            assertThat(Fincore.residentBytes(file)).isEqualTo(4 * MIB);
            EvictionReport report = PageCache.evict(file, 0, 0, Progress.NONE);
            assertThat(report.after().cachedPages()).isEqualTo(4 * MIB / PAGE);
            assertThat(report.retainedBecause()).anySatisfy(reason -> assertThat(reason).contains("KiB locked"));
        }
        PageCache.evict(file, 0, 0, Progress.NONE);
        assertThat(Fincore.residentBytes(file)).isZero();
    }

    @Test
    void whatHasNoPageCacheIsRefusedWithoutHanging() throws Exception {
        Path fifo = dir.resolve("fifo");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        assertThatThrownBy(() -> PageCache.residency(fifo)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> PageCache.residency(Path.of("/dev/null"))).isInstanceOf(IOException.class)
                .hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> PageCache.residency(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> PageCache.residency(dir.resolve("missing"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void anEmptyFileHasNoPagesAndNothingToLock() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty"));
        Residency r = PageCache.residency(empty);
        assertThat(r.pages()).isZero();
        assertThat(r.percentCached()).isEqualTo(100.0);
        assertThat(PageCache.warm(empty, 0, 0, Progress.NONE).pages()).isZero();
        assertThat(PageCache.evict(empty, 0, 0, Progress.NONE).after().pages()).isZero();
        assertThat(PageCache.pageMap(empty, 0, 0).runs()).isEmpty();
        assertThatThrownBy(() -> PageCache.lock(empty, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nothing to lock");
    }

    @Test
    void rangesAreCheckedAndClippedToTheFile() throws Exception {
        Path file = cleanFile("clip", MIB);
        assertThatThrownBy(() -> PageCache.residency(file, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(PageCache.residency(file, 512 * 1024, 10 * MIB).pages()).isEqualTo(128);
        assertThat(PageCache.residency(file, 10 * MIB, 0).pages()).isZero();
    }
}
