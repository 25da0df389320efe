package dev.sluice.sys;

import dev.sluice.testing.TestData;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("fs-matrix")
class MappedRegionTest {
    private static final int SIZE = 64 * 4096;

    @TempDir
    Path dir;

    private Path file(byte[] content) throws IOException {
        return TestData.fileWith(dir, "m", content);
    }

    @Test
    void mapsAnUnalignedRangeAndReadsTheFilesBytes() throws Exception {
        byte[] data = TestData.randomBytes(SIZE, 7);
        try (NativeFile f = NativeFile.open(file(data), EnumSet.of(OpenFlag.READ));
             MappedRegion region = MappedRegion.map(f, 5000, 10000, MappedRegion.Access.READ_ONLY,
                     MappedRegion.Populate.NOW, MappedRegion.Sharing.CONFINED);
             Arena arena = Arena.ofConfined()) {
            assertThat(region.segment().byteSize()).isEqualTo(10000);
            assertThat(region.segment().get(ValueLayout.JAVA_BYTE, 0)).isEqualTo(data[5000]);
            MemorySegment dst = arena.allocate(100);
            region.read(dst, 9900);
            assertThat(dst.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(java.util.Arrays.copyOfRange(data, 14900, 15000));
        }
    }

    @Test
    void writesThroughASharedMappingReachTheFileAfterMsync() throws Exception {
        Path path = file(new byte[SIZE]);
        try (NativeFile f = TestFiles.openReadWrite(path);
             MappedRegion region = MappedRegion.map(f, 0, SIZE, MappedRegion.Access.READ_WRITE,
                     MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.SHARED);
             Arena arena = Arena.ofConfined()) {
            region.write(TestFiles.nativeCopy(arena, "hello".getBytes()), 4096);
            region.sync(0, SIZE, true);
            region.sync(0, 4096, false);
        }
        assertThat(new String(Files.readAllBytes(path), 4096, 5)).isEqualTo("hello");
    }

    @Test
    void mmapOfAReadOnlyFileForWritingIsAccessDenied() throws Exception {
        try (NativeFile f = NativeFile.open(file(new byte[SIZE]), EnumSet.of(OpenFlag.READ))) {
            assertThatThrownBy(() -> MappedRegion.map(f, 0, SIZE, MappedRegion.Access.READ_WRITE,
                    MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.CONFINED))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("mmap failed: EACCES");
        }
    }

    @Test
    void rangesOutsideTheFileAreRefusedBeforeMmap() throws Exception {
        try (NativeFile f = NativeFile.open(file(new byte[SIZE]), EnumSet.of(OpenFlag.READ))) {
            assertThatThrownBy(() -> MappedRegion.map(f, SIZE - 10, 11, MappedRegion.Access.READ_ONLY,
                    MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.CONFINED))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the file has " + SIZE + " bytes");
            assertThatThrownBy(() -> MappedRegion.map(f, 0, 0, MappedRegion.Access.READ_ONLY,
                    MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.CONFINED))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aMissingPopulateIsRefusedBeforeMmap() throws Exception {
        try (NativeFile f = NativeFile.open(file(new byte[SIZE]), EnumSet.of(OpenFlag.READ))) {
            assertThatThrownBy(() -> MappedRegion.map(f, 0, SIZE, MappedRegion.Access.READ_ONLY, null,
                    MappedRegion.Sharing.CONFINED)).isInstanceOf(NullPointerException.class).hasMessage("populate");
        }
    }

    @Test
    void residentPagesFollowTheCacheAndMincoreErrorsAreReported() throws Exception {
        FaultInjector faults = FaultInjector.system();
        try (NativeFile f = TestFiles.openReadWrite(faults.kernel(), file(new byte[SIZE]));
             MappedRegion region = MappedRegion.map(f, 0, SIZE, MappedRegion.Access.READ_ONLY,
                     MappedRegion.Populate.NOW, MappedRegion.Sharing.CONFINED)) {
            BitSet resident = region.residentPages();
            assertThat(region.pageCount()).isEqualTo(64);
            assertThat(resident.cardinality()).isEqualTo(64);
            faults.fail(Syscall.MINCORE, 2, Errno.ENOMEM, false);
            assertThatThrownBy(region::residentPages)
                    .isInstanceOf(NativeIOException.class).hasMessageContaining("mincore(").hasMessageContaining("ENOMEM");
        }
    }

    @Test
    void madviseAcceptsEveryAdviceOnAWritableMappingAndReportsErrors() throws Exception {
        try (NativeFile f = TestFiles.openReadWrite(file(new byte[SIZE]));
             MappedRegion region = MappedRegion.map(f, 0, SIZE, MappedRegion.Access.READ_WRITE,
                     MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.CONFINED)) {
            for (MapAdvice advice : MapAdvice.values()) {
                region.advise(advice, 100, 5000);
            }
        }
        try (NativeFile f = NativeFile.open(file(new byte[SIZE]), EnumSet.of(OpenFlag.READ));
             MappedRegion readOnly = MappedRegion.map(f, 0, SIZE, MappedRegion.Access.READ_ONLY,
                     MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.CONFINED)) {
            assertThatThrownBy(() -> readOnly.advise(MapAdvice.POPULATE_WRITE, 0, SIZE))
                    .isInstanceOf(IOException.class).hasMessageContaining("madvise(");
        }
    }

    @Test
    void msyncErrorsAreReported() throws Exception {
        FaultInjector faults = FaultInjector.system().fail(Syscall.MSYNC, 1, Errno.EIO, false);
        try (NativeFile f = TestFiles.openReadWrite(faults.kernel(), file(new byte[SIZE]));
             MappedRegion region = MappedRegion.map(f, 0, SIZE, MappedRegion.Access.READ_WRITE,
                     MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.CONFINED)) {
            assertThatThrownBy(() -> region.sync(0, SIZE, true))
                    .isInstanceOf(NativeIOException.class).hasMessageContaining("msync(").hasMessageContaining("EIO");
        }
    }

    @Test
    void lockAndUnlockAndAnRlimitFailureIsExplained() throws Exception {
        FaultInjector faults = FaultInjector.system();
        try (NativeFile f = NativeFile.open(faults.kernel(), file(new byte[SIZE]), EnumSet.of(OpenFlag.READ),
                NativeFile.DEFAULT_PERMISSIONS);
             MappedRegion region = MappedRegion.map(f, 0, SIZE, MappedRegion.Access.READ_ONLY,
                     MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.CONFINED)) {
            region.lock();
            assertThat(region.residentPages().cardinality()).isEqualTo(64);
            region.unlock();
            faults.fail(Syscall.MLOCK, 2, Errno.ENOMEM, false).fail(Syscall.MUNLOCK, 2, Errno.ENOMEM, false);
            assertThatThrownBy(region::lock).isInstanceOf(NativeIOException.class)
                    .hasMessageContaining("mlock(").hasMessageContaining("RLIMIT_MEMLOCK is");
            assertThatThrownBy(region::unlock).isInstanceOf(NativeIOException.class)
                    .hasMessageContaining("munlock(");
        }
    }

    @Test
    void closeUnmapsOnceAndAFailedMunmapIsReported() throws Exception {
        FaultInjector faults = FaultInjector.system();
        try (NativeFile f = NativeFile.open(faults.kernel(), file(new byte[SIZE]), EnumSet.of(OpenFlag.READ),
                NativeFile.DEFAULT_PERMISSIONS)) {
            MappedRegion region = MappedRegion.map(f, 0, SIZE, MappedRegion.Access.READ_ONLY,
                    MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.SHARED);
            region.close();
            region.close();
            assertThat(region.isMapped()).isFalse();
            assertThatThrownBy(() -> region.segment().get(ValueLayout.JAVA_BYTE, 0))
                    .isInstanceOf(IllegalStateException.class);

            MappedRegion second = MappedRegion.map(f, 0, SIZE, MappedRegion.Access.READ_ONLY,
                    MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.SHARED);
            assertThat(faults.calls(Syscall.MUNMAP)).as("the first region, unmapped once").isEqualTo(1);
            faults.fail(Syscall.MUNMAP, 2, Errno.EINVAL, false);
            assertThatThrownBy(second::close)
                    .isInstanceOf(NativeIOException.class).hasMessageContaining("munmap(");
            assertThat(second.isMapped()).isFalse();
        }
    }

    @Test
    void truncationUnderTheMappingIsAnIOExceptionNotACrash() throws Exception {
        try (NativeFile f = TestFiles.openReadWrite(file(new byte[SIZE]));
             MappedRegion region = MappedRegion.map(f, 0, SIZE, MappedRegion.Access.READ_ONLY,
                     MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.CONFINED);
             Arena arena = Arena.ofConfined()) {
            f.truncate(4096);
            region.read(arena.allocate(4096), 0);
            assertThatThrownBy(() -> region.read(arena.allocate(16), 8192))
                    .isInstanceOf(IOException.class).hasMessageContaining("truncated to 4096 bytes");
        }
    }
}
