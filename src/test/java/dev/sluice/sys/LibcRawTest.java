package dev.sluice.sys;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The raw calls no public method of sys wraps on its own (read, write, lseek, getrlimit), in the
 * {@link Libc} convention: a result, or {@code -errno} captured from the call itself.
 */
class LibcRawTest {
    private final Libc libc = Kernel.system().libc();

    private static int number(Fd fd) throws Exception {
        int n = fd.acquire();
        fd.release();
        return n;
    }

    @Test
    void readAndWriteMoveBytesThroughAPipeAndReportEbadf() throws Exception {
        try (Pipe pipe = Pipe.open(false); Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocateFrom("raw bytes");
            assertThat(libc.write(number(pipe.writeEnd()), out, 9)).isEqualTo(9);
            MemorySegment in = arena.allocate(9);
            assertThat(libc.read(number(pipe.readEnd()), in, 9)).isEqualTo(9);
            assertThat(new String(in.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))).isEqualTo("raw bytes");
            assertThat(libc.write(number(pipe.readEnd()), out, 9)).isEqualTo(-Errno.EBADF.value());
            assertThat(libc.read(-1, in, 9)).isEqualTo(-Errno.EBADF.value());
        }
    }

    @Test
    void lseekMovesAFilesPositionAndRefusesPipes() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("sluice-lseek", ".bin");
        try (NativeFile f = NativeFile.open(file, java.util.EnumSet.of(OpenFlag.READ)); Pipe pipe = Pipe.open(false)) {
            assertThat(libc.lseek(number(f.fd()), 4321, Linux.SEEK_SET())).isEqualTo(4321);
            assertThat(libc.lseek(number(f.fd()), 0, Linux.SEEK_CUR())).isEqualTo(4321);
            assertThat(libc.lseek(number(pipe.readEnd()), 0, Linux.SEEK_SET())).isEqualTo(-Errno.ESPIPE.value());
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void getrlimitReadsTheMemlockLimitAndRefusesAnUnknownResource() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment limit = rlimit.allocate(arena);
            assertThat(libc.getrlimit(Linux.RLIMIT_MEMLOCK(), limit)).isZero();
            long soft = rlimit.rlim_cur(limit);
            long hard = rlimit.rlim_max(limit);
            assertThat(soft == Linux.RLIM_INFINITY() || soft <= hard || hard == Linux.RLIM_INFINITY()).isTrue();
            assertThat(libc.getrlimit(9999, limit)).isEqualTo(-Errno.EINVAL.value());
        }
    }
}
