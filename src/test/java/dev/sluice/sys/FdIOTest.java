package dev.sluice.sys;

import dev.sluice.testing.TestData;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@Tag("fs-matrix")
class FdIOTest {
    @TempDir
    Path dir;

    @Test
    void writeFullyLoopsOverShortWritesAndEintrAtTheFilePosition() throws Exception {
        byte[] data = TestData.randomBytes(100_000, 21);
        Path file = dir.resolve("out");
        FaultInjector faults = FaultInjector.system().shorten(Syscall.WRITE, 1, 1000);
        try (NativeFile out = NativeFile.open(faults.kernel(), file, EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE),
                NativeFile.DEFAULT_PERMISSIONS); Arena arena = Arena.ofConfined()) {
            MemorySegment src = TestFiles.nativeCopy(arena, data);
            FdIO.writeFully(out.fd(), src.asSlice(0, 50_000));
            assertThat(faults.calls(Syscall.WRITE)).isEqualTo(2);
            faults.fail(Syscall.WRITE, 3, Errno.EINTR, false);
            assertThat(FdIO.write(out.fd(), src.asSlice(50_000))).isEqualTo(50_000);
            assertThat(faults.calls(Syscall.WRITE)).isEqualTo(4);
            assertThat(faults.injected()).isEqualTo(2);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
    }

    @Test
    void aFullNonBlockingPipeIsZeroForOneWriteAndAnErrorForWriteFully() throws Exception {
        try (Pipe pipe = Pipe.open(true); Arena arena = Arena.ofConfined()) {
            MemorySegment big = arena.allocate(pipe.capacity() + 1);
            assertThat(FdIO.write(pipe.writeEnd(), big)).isEqualTo(pipe.capacity());
            assertThat(FdIO.write(pipe.writeEnd(), big)).isZero();
            assertThatThrownBy(() -> FdIO.writeFully(pipe.writeEnd(), big)).isInstanceOf(IOException.class)
                    .hasMessageContaining("made no progress after 0 of " + big.byteSize());
        }
    }

    @Test
    void errorsNameTheCallAndArgumentsAreChecked() throws Exception {
        try (Pipe pipe = Pipe.open(false); Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(1);
            pipe.readEnd().close();
            assertThatThrownBy(() -> FdIO.writeFully(pipe.writeEnd(), one)).isInstanceOf(NativeIOException.class)
                    .hasMessageContaining("write(fd=").hasMessageContaining("count=1").hasMessageContaining("EPIPE");
            assertThatThrownBy(() -> FdIO.write(pipe.readEnd(), one)).isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(() -> FdIO.write(pipe.writeEnd(), MemorySegment.ofArray(new byte[1])))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heap segment");
            assertThatThrownBy(() -> FdIO.writeFully(null, one)).isInstanceOf(NullPointerException.class);
            assertThat(FdIO.write(pipe.writeEnd(), arena.allocate(0))).isZero();
            FdIO.writeFully(pipe.writeEnd(), arena.allocate(0));
        }
    }
}
