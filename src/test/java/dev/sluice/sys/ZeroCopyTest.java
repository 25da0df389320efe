package dev.sluice.sys;

import dev.sluice.testing.TestData;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
@Tag("fs-matrix")
class ZeroCopyTest {
    @TempDir
    Path dir;

    @Test
    void pipeCapacityCanBeReadAndResized() throws Exception {
        try (Pipe pipe = Pipe.open(false)) {
            assertThat(pipe.capacity()).isEqualTo(65536);
            assertThat(pipe.resize(1 << 20)).isGreaterThanOrEqualTo(1 << 20);
            assertThat(pipe.capacity()).isGreaterThanOrEqualTo(1 << 20);
            assertThat(pipe.readEnd().isCloseOnExec()).isTrue();
            assertThat(pipe.writeEnd().isCloseOnExec()).isTrue();
            assertThatThrownBy(() -> pipe.resize(Integer.MAX_VALUE)).isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("fcntl(");
            assertThatThrownBy(() -> pipe.resize(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void pipe2ErrorsAreReported() throws Exception {
        FaultInjector faults = FaultInjector.system().fail(Syscall.PIPE2, 1, Errno.EMFILE, false);
        assertThatThrownBy(() -> Pipe.open(faults.kernel(), true))
                .isInstanceOf(NativeIOException.class).hasMessageContaining("pipe2(").hasMessageContaining("EMFILE");
    }

    @Test
    void spliceMovesFileBytesThroughAPipeIntoAnotherFile() throws Exception {
        byte[] data = TestData.randomBytes(50_000, 11);
        Path source = TestData.fileWith(dir, "src", data);
        try (NativeFile in = NativeFile.open(source, EnumSet.of(OpenFlag.READ));
             NativeFile out = TestFiles.openReadWrite(dir.resolve("dst"));
             Pipe pipe = Pipe.open(false)) {
            long moved = 0;
            while (moved < data.length) {
                long n = ZeroCopy.splice(in.fd(), moved, pipe.writeEnd(), ZeroCopy.CURRENT_POSITION,
                        data.length - moved, EnumSet.of(SpliceFlag.MOVE));
                long drained = 0;
                while (drained < n) {
                    drained += ZeroCopy.splice(pipe.readEnd(), ZeroCopy.CURRENT_POSITION, out.fd(), moved + drained,
                            n - drained, Set.of());
                }
                moved += n;
            }
        }
        assertThat(Files.readAllBytes(dir.resolve("dst"))).isEqualTo(data);
    }

    @Test
    void spliceBetweenTwoFilesIsRefusedByTheKernel() throws Exception {
        Path source = TestData.fileWith(dir, "a", new byte[100]);
        try (NativeFile in = NativeFile.open(source, EnumSet.of(OpenFlag.READ));
             NativeFile out = TestFiles.openReadWrite(dir.resolve("b"))) {
            assertThatThrownBy(() -> ZeroCopy.splice(in.fd(), 0, out.fd(), 0, 100, Set.of()))
                    .isInstanceOf(NativeIOException.class).hasMessageContaining("splice(").hasMessageContaining("EINVAL");
        }
    }

    @Test
    void vmspliceAndTeeDuplicateBytesBetweenPipes() throws Exception {
        try (Pipe first = Pipe.open(false); Pipe second = Pipe.open(false); Arena arena = Arena.ofConfined()) {
            MemorySegment hello = TestFiles.nativeCopy(arena, "hello pipes".getBytes());
            assertThat(ZeroCopy.vmsplice(first.writeEnd(), hello, Set.of())).isEqualTo(11);
            assertThat(ZeroCopy.tee(first.readEnd(), second.writeEnd(), 11, Set.of())).isEqualTo(11);
            assertThat(readPipe(first, 11)).isEqualTo("hello pipes");
            assertThat(readPipe(second, 11)).isEqualTo("hello pipes");
        }
    }

    @Test
    void teeAndVmspliceOnNonPipesFail() throws Exception {
        Path file = TestData.fileWith(dir, "f", new byte[100]);
        try (NativeFile f = TestFiles.openReadWrite(file); Pipe pipe = Pipe.open(false); Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> ZeroCopy.tee(f.fd(), pipe.writeEnd(), 10, Set.of()))
                    .isInstanceOf(NativeIOException.class).hasMessageContaining("tee(").hasMessageContaining("EINVAL");
            assertThatThrownBy(() -> ZeroCopy.vmsplice(f.fd(), arena.allocate(10), Set.of()))
                    .isInstanceOf(NativeIOException.class).hasMessageContaining("vmsplice(")
                    .hasMessageContaining("EBADF");
            assertThatThrownBy(() -> ZeroCopy.vmsplice(pipe.writeEnd(), MemorySegment.ofArray(new byte[4]), Set.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heap segment");
        }
    }

    @Test
    void nonBlockingPipeWouldBlockReadsAsZero() throws Exception {
        try (Pipe empty = Pipe.open(true); Pipe other = Pipe.open(true)) {
            assertThat(ZeroCopy.tee(empty.readEnd(), other.writeEnd(), 10, EnumSet.of(SpliceFlag.NONBLOCK))).isZero();
        }
    }

    @Test
    void sendfileServesAFileToALoopbackSocket() throws Exception {
        byte[] data = TestData.randomBytes(3 << 20, 12);
        Path source = TestData.fileWith(dir, "served", data);
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel accepted = server.accept();
             NativeFile in = NativeFile.open(source, EnumSet.of(OpenFlag.READ))) {
            Thread sender = Thread.ofPlatform().start(() -> {
                try {
                    ZeroCopy.sendfileFully(ChannelFds.of(accepted), in.fd(), 0, data.length);
                    accepted.shutdownOutput();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            ByteBuffer received = ByteBuffer.allocate(data.length + 1);
            while (client.read(received) >= 0) {
                // until the sender shuts its side down
            }
            sender.join();
            assertThat(received.flip().remaining()).isEqualTo(data.length);
            byte[] bytes = new byte[data.length];
            received.get(bytes);
            assertThat(bytes).isEqualTo(data);
        }
    }

    @Test
    void sendfileLoopsOverShortTransfersAndReportsEndOfInput() throws Exception {
        byte[] data = TestData.randomBytes(10_000, 13);
        Path source = TestData.fileWith(dir, "short", data);
        FaultInjector faults = FaultInjector.system().shorten(Syscall.SENDFILE, 1, 1000);
        try (NativeFile in = NativeFile.open(faults.kernel(), source, EnumSet.of(OpenFlag.READ), NativeFile.DEFAULT_PERMISSIONS);
             NativeFile out = TestFiles.openReadWrite(dir.resolve("copy"))) {
            ZeroCopy.sendfileFully(out.fd(), in.fd(), 0, data.length);
            assertThat(faults.calls(Syscall.SENDFILE)).isGreaterThanOrEqualTo(2);
            assertThat(Files.readAllBytes(dir.resolve("copy"))).isEqualTo(data);
            assertThatThrownBy(() -> ZeroCopy.sendfileFully(out.fd(), in.fd(), 5000, 10_000))
                    .isInstanceOf(EOFException.class);
        }
    }

    @Test
    void sendfileErrorsNameTheCall() throws Exception {
        try (Pipe pipe = Pipe.open(false); NativeFile out = TestFiles.openReadWrite(dir.resolve("o"))) {
            assertThatThrownBy(() -> ZeroCopy.sendfile(out.fd(), pipe.readEnd(), 0, 10))
                    .isInstanceOf(NativeIOException.class).hasMessageContaining("sendfile(");
            assertThatThrownBy(() -> ZeroCopy.sendfile(out.fd(), pipe.readEnd(), 0, -1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static String readPipe(Pipe pipe, int count) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(count);
            long n = Kernel.system().libc().read(intFd(pipe.readEnd()), buf, count);
            return new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    private static int intFd(Fd fd) throws Exception {
        int value = fd.acquire();
        fd.release();
        return value;
    }
}
