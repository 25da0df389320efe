package dev.sluice.sys;

import dev.sluice.testing.MountTable;
import dev.sluice.testing.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.ClosedChannelException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("fs-matrix")
class NativeFileTest {
    @TempDir
    Path dir;

    @Test
    void openCreatesWithDefaultPermissionsAndCloseOnExec() throws Exception {
        Path file = dir.resolve("new");
        try (NativeFile f = TestFiles.openReadWrite(file)) {
            assertThat(f.fd().isCloseOnExec()).isTrue();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
    }

    @Test
    void openMissingFileIsNoSuchFile() {
        assertThatThrownBy(() -> NativeFile.open(dir.resolve("missing"), EnumSet.of(OpenFlag.READ)))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("missing").hasMessageContaining("ENOENT")
                .satisfies(e -> assertThat(((NativeError) e).syscall()).isEqualTo(Syscall.OPEN));
    }

    @Test
    void createNewOnExistingFileIsFileAlreadyExists() throws Exception {
        Path file = TestData.fileWith(dir, "exists", new byte[1]);
        assertThatThrownBy(() -> NativeFile.open(file, EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE_NEW)))
                .isInstanceOf(FileAlreadyExistsException.class)
                .satisfies(e -> assertThat(((NativeError) e).errnoSymbol()).isEqualTo("EEXIST"));
    }

    @Test
    void reopenIsTheSameFileUnlinkedOrNotAndOutlivesTheOriginalWithItsOwnAccessMode() throws Exception {
        byte[] data = TestData.randomBytes(10_000, 3);
        Path file = TestData.fileWith(dir, "again", data);
        NativeFile again;
        try (NativeFile original = TestFiles.openReadWrite(file)) {
            Files.delete(file);
            again = original.reopen(EnumSet.of(OpenFlag.READ));
            assertThat(again.fd().toString()).as("its descriptor number").isNotEqualTo(original.fd().toString());
            assertThat(again.path()).isEqualTo(original.path());
        }
        try (again; Arena arena = Arena.ofConfined()) {
            MemorySegment back = arena.allocate(data.length);
            again.readFully(back, 0);
            assertThat(back.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(data);
            // a description of its own: opened for reading only, though the original could write
            assertThatThrownBy(() -> again.write(back, 0)).isInstanceOf(NativeIOException.class);
        }
    }

    @Test
    void reopenOfAClosedFileIsRefused() throws Exception {
        NativeFile closed = TestFiles.openReadWrite(dir.resolve("closed"));
        closed.close();
        assertThatThrownBy(() -> closed.reopen(EnumSet.of(OpenFlag.READ))).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void writeThenReadRoundTrips() throws Exception {
        byte[] data = TestData.randomBytes(100_000, 1);
        try (NativeFile f = TestFiles.openReadWrite(dir.resolve("f")); Arena arena = Arena.ofConfined()) {
            f.write(TestFiles.nativeCopy(arena, data), 10);
            assertThat(f.size()).isEqualTo(100_010);
            MemorySegment back = arena.allocate(data.length);
            f.readFully(back, 10);
            assertThat(back.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(data);
            assertThat(f.read(arena.allocate(10), 100_010)).isZero();
        }
        assertThat(Files.readAllBytes(dir.resolve("f"))).endsWith(data);
    }

    @Test
    void readFullyPastTheEndIsEof() throws Exception {
        Path file = TestData.fileWith(dir, "short", new byte[100]);
        try (NativeFile f = NativeFile.open(file, EnumSet.of(OpenFlag.READ)); Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> f.readFully(arena.allocate(200), 0))
                    .isInstanceOf(EOFException.class).hasMessageContaining("ends at 100");
        }
    }

    @Test
    void preadOnAWriteOnlyFileFailsWithEbadfExplained() throws Exception {
        Path file = TestData.fileWith(dir, "wo", new byte[10]);
        try (NativeFile f = NativeFile.open(file, EnumSet.of(OpenFlag.WRITE)); Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> f.read(arena.allocate(10), 0))
                    .isExactlyInstanceOf(NativeIOException.class)
                    .hasMessageContaining("pread(fd=").hasMessageContaining("EBADF (Bad file descriptor)")
                    .hasMessageContaining("the descriptor is open");
        }
    }

    @Test
    void pwriteOnAReadOnlyFileFailsWithEbadf() throws Exception {
        Path file = TestData.fileWith(dir, "ro", new byte[10]);
        try (NativeFile f = NativeFile.open(file, EnumSet.of(OpenFlag.READ)); Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> f.write(arena.allocate(10), 0))
                    .isExactlyInstanceOf(NativeIOException.class).hasMessageContaining("pwrite(");
        }
    }

    @Test
    void vectoredWriteAndFlaggedReadRoundTrip() throws Exception {
        byte[] a = TestData.randomBytes(5000, 2);
        byte[] b = TestData.randomBytes(7000, 3);
        try (NativeFile f = TestFiles.openReadWrite(dir.resolve("v")); Arena arena = Arena.ofConfined()) {
            f.write(List.of(TestFiles.nativeCopy(arena, a), TestFiles.nativeCopy(arena, b)), 0, Set.of());
            MemorySegment back = arena.allocate(12000);
            assertThat(f.read(back, 0, EnumSet.of(RwFlag.HIPRI))).isEqualTo(12000);
            assertThat(back.asSlice(0, 5000).toArray(ValueLayout.JAVA_BYTE)).isEqualTo(a);
            assertThat(back.asSlice(5000).toArray(ValueLayout.JAVA_BYTE)).isEqualTo(b);
        }
    }

    /** Issue 14, defect 6: more than IOV_MAX buffers failed with a bare EINVAL from the kernel. */
    @Test
    void moreBuffersThanIovMaxAreRefusedBeforeTheCall() throws Exception {
        FaultInjector counting = FaultInjector.system();
        try (NativeFile f = TestFiles.openReadWrite(counting.kernel(), dir.resolve("iov")); Arena arena = Arena.ofConfined()) {
            List<MemorySegment> atLimit = new java.util.ArrayList<>();
            for (int i = 0; i < NativeFile.IOV_MAX; i++) {
                atLimit.add(arena.allocateFrom(ValueLayout.JAVA_BYTE, (byte) i));
            }
            f.write(atLimit, 0, Set.of());
            assertThat(f.size()).isEqualTo(NativeFile.IOV_MAX);

            List<MemorySegment> tooMany = new java.util.ArrayList<>(atLimit);
            tooMany.add(arena.allocate(1));
            long before = counting.calls(Syscall.PWRITEV2);
            assertThatThrownBy(() -> f.write(tooMany, 0, Set.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("pwritev2 takes at most 1024 buffers (IOV_MAX), got 1025; "
                            + "split the list into batches of 1024 or fewer");
            assertThat(counting.calls(Syscall.PWRITEV2)).isEqualTo(before);
        }
    }

    @Test
    void preadv2AndPwritev2ErrorsNameTheCall() throws Exception {
        Path file = TestData.fileWith(dir, "ro2", new byte[10]);
        try (NativeFile ro = NativeFile.open(file, EnumSet.of(OpenFlag.READ));
             NativeFile wo = NativeFile.open(file, EnumSet.of(OpenFlag.WRITE));
             Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> ro.write(arena.allocate(4), 0, Set.of()))
                    .isInstanceOf(NativeIOException.class).hasMessageContaining("pwritev2(");
            assertThatThrownBy(() -> wo.read(arena.allocate(4), 0, Set.of()))
                    .isInstanceOf(NativeIOException.class).hasMessageContaining("preadv2(");
        }
    }

    @Test
    void dontCacheWriteLeavesNothingCachedWhereSupported() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(KernelFeatures.dontCache(), "RWF_DONTCACHE needs Linux 6.14+");
        try (NativeFile f = TestFiles.openReadWrite(dir.resolve("dc")); Arena arena = Arena.ofConfined()) {
            MemorySegment chunk = arena.allocate(1 << 20);
            try {
                f.write(chunk, 0, EnumSet.of(RwFlag.DONTCACHE));
            } catch (NativeIOException e) {
                // KernelFeatures probes java.io.tmpdir's file system; btrfs and tmpfs refuse it on 6.18
                org.junit.jupiter.api.Assumptions.assumeTrue(e.errno() != Errno.EOPNOTSUPP.value(),
                        () -> "RWF_DONTCACHE: " + MountTable.mountOf(dir).fsType() + " refuses it");
                throw e;
            }
            for (int i = 1; i < 16; i++) {
                f.write(chunk, (long) i << 20, EnumSet.of(RwFlag.DONTCACHE));
            }
            f.syncData();
            assertThat(f.cacheStat(0, 0).cached()).isLessThan(16 * 256 / 10);
        }
    }

    @Test
    void syncAndSyncDataSucceedOnFilesAndFailOnPipes() throws Exception {
        try (NativeFile f = TestFiles.openReadWrite(dir.resolve("s")); Pipe pipe = Pipe.open(false)) {
            f.sync();
            f.syncData();
            NativeFile p = TestFiles.pipeAsFile(pipe);
            assertThatThrownBy(p::sync).isInstanceOf(NativeIOException.class).hasMessageContaining("fsync(")
                    .hasMessageContaining("EINVAL");
            assertThatThrownBy(p::syncData).isInstanceOf(NativeIOException.class).hasMessageContaining("fdatasync(")
                    .hasMessageContaining("EINVAL");
        }
    }

    @Test
    void truncateResizesAndFailsOnReadOnlyFiles() throws Exception {
        Path file = TestData.fileWith(dir, "t", new byte[1000]);
        try (NativeFile f = TestFiles.openReadWrite(file); NativeFile ro = NativeFile.open(file, EnumSet.of(OpenFlag.READ))) {
            f.truncate(10);
            assertThat(Files.size(file)).isEqualTo(10);
            assertThatThrownBy(() -> ro.truncate(5)).isInstanceOf(NativeIOException.class)
                    .hasMessageContaining("ftruncate(").hasMessageContaining("EINVAL");
            assertThatThrownBy(() -> f.truncate(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void allocateKeepSizeReservesWithoutGrowingAndFailsOnPipes() throws Exception {
        Path file = dir.resolve("a");
        try (NativeFile f = TestFiles.openReadWrite(file); Pipe pipe = Pipe.open(false)) {
            f.allocate(0, 1 << 20, EnumSet.of(AllocateFlag.KEEP_SIZE));
            assertThat(f.size()).isZero();
            assertThat((Long) Files.getAttribute(file, "unix:size")).isZero();
            f.allocate(0, 4096, Set.of());
            assertThat(f.size()).isEqualTo(4096);
            NativeFile p = new NativeFile(pipe.writeEnd(), "pipe");
            assertThatThrownBy(() -> p.allocate(0, 4096, Set.of())).isInstanceOf(NativeIOException.class)
                    .hasMessageContaining("fallocate(").hasMessageContaining("ESPIPE");
        }
    }

    @Test
    void adviseSucceedsOnFilesAndFailsOnPipes() throws Exception {
        Path file = TestData.fileWith(dir, "adv", new byte[8192]);
        try (NativeFile f = NativeFile.open(file, EnumSet.of(OpenFlag.READ)); Pipe pipe = Pipe.open(false)) {
            for (Advice advice : Advice.values()) {
                f.advise(advice, 0, 0);
            }
            NativeFile p = TestFiles.pipeAsFile(pipe);
            assertThatThrownBy(() -> p.advise(Advice.SEQUENTIAL, 0, 0)).isInstanceOf(NativeIOException.class)
                    .hasMessageContaining("posix_fadvise(").hasMessageContaining("ESPIPE");
        }
    }

    @Test
    void readaheadCachesTheRangeAndFailsOnPipes() throws Exception {
        Path file = TestData.fileWith(dir, "ra", TestData.randomBytes(1 << 20, 4));
        try (NativeFile f = NativeFile.open(file, EnumSet.of(OpenFlag.READ)); Pipe pipe = Pipe.open(false)) {
            f.syncData();
            f.advise(Advice.DONTNEED, 0, 0);
            f.readahead(0, 1 << 20);
            assertThat(f.cacheStat(0, 0).cached()).isEqualTo(256);
            NativeFile p = TestFiles.pipeAsFile(pipe);
            assertThatThrownBy(() -> p.readahead(0, 4096)).isInstanceOf(NativeIOException.class)
                    .hasMessageContaining("readahead(").hasMessageContaining("EINVAL");
        }
    }

    @Test
    void syncRangeWritesBackDirtyPagesAndFailsOnPipes() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(MountTable.mountOf(dir).fsType().equals("tmpfs"),
                "tmpfs has no write-back: its pages are never counted dirty");
        try (NativeFile f = TestFiles.openReadWrite(dir.resolve("sfr")); Pipe pipe = Pipe.open(false);
             Arena arena = Arena.ofConfined()) {
            f.write(arena.allocate(1 << 20), 0);
            assertThat(f.cacheStat(0, 0).dirty()).isPositive();
            f.syncRange(0, 0, EnumSet.of(SyncFlag.WAIT_BEFORE, SyncFlag.WRITE, SyncFlag.WAIT_AFTER));
            assertThat(f.cacheStat(0, 0).dirty()).isZero();
            NativeFile p = TestFiles.pipeAsFile(pipe);
            assertThatThrownBy(() -> p.syncRange(0, 0, EnumSet.of(SyncFlag.WRITE))).isInstanceOf(NativeIOException.class)
                    .hasMessageContaining("sync_file_range(").hasMessageContaining("ESPIPE");
        }
    }

    @Test
    void cacheStatCountsCachedPagesAndReportsErrors() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(KernelFeatures.cachestat(), "cachestat needs Linux 6.5+");
        try (NativeFile f = TestFiles.openReadWrite(dir.resolve("cs")); Arena arena = Arena.ofConfined()) {
            f.write(arena.allocate(64 * 4096), 0);
            CacheStat stat = f.cacheStat(0, 0);
            assertThat(stat.cached()).isEqualTo(64);
            assertThat(f.cacheStat(0, 4096).cached()).isEqualTo(1);
        }
        FaultInjector faults = FaultInjector.system().fail(Syscall.CACHESTAT, 1, Errno.EOPNOTSUPP, false);
        try (NativeFile f = TestFiles.openReadWrite(faults.kernel(), dir.resolve("cs2"))) {
            assertThatThrownBy(() -> f.cacheStat(0, 0))
                    .isInstanceOf(NativeIOException.class).hasMessageContaining("cachestat(")
                    .hasMessageContaining("EOPNOTSUPP");
        }
    }

    @Test
    void sizeComesFromFstatAndItsErrorsAreReported() throws Exception {
        Path file = TestData.fileWith(dir, "sz", new byte[12345]);
        FaultInjector faults = FaultInjector.system().fail(Syscall.FSTAT, 2, Errno.EIO, false);
        try (NativeFile f = NativeFile.open(faults.kernel(), file, EnumSet.of(OpenFlag.READ), NativeFile.DEFAULT_PERMISSIONS)) {
            assertThat(f.size()).isEqualTo(12345);
            assertThatThrownBy(f::size)
                    .isInstanceOf(NativeIOException.class).hasMessageContaining("fstat(").hasMessageContaining("EIO");
        }
    }

    @Test
    void closedFileRefusesCallsWithoutReachingTheKernel() throws Exception {
        NativeFile f = TestFiles.openReadWrite(dir.resolve("c"));
        f.close();
        f.close();
        assertThat(f.isOpen()).isFalse();
        try (Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> f.read(arena.allocate(1), 0)).isInstanceOf(ClosedChannelException.class)
                    .hasMessageContaining("closed");
        }
    }

    @Test
    void argumentsAreCheckedBeforeTheCall() throws Exception {
        try (NativeFile f = TestFiles.openReadWrite(dir.resolve("args")); Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(16);
            assertThatThrownBy(() -> f.read(buf, -1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> f.write(buf, Long.MAX_VALUE - 4)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("overflows");
            assertThatThrownBy(() -> f.write(MemorySegment.ofArray(new byte[16]), 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heap segment");
            assertThatThrownBy(() -> f.readahead(1, Long.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
