package dev.sluice.transfer;

import dev.sluice.sys.FaultInjector;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;
import dev.sluice.sys.Syscall;
import dev.sluice.testing.TestData;
import dev.sluice.transfer.Receivers.FileReceiver;
import dev.sluice.transfer.Receivers.Kind;
import dev.sluice.transfer.Receivers.Receiver;
import dev.sluice.transfer.Receivers.SocketReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.stream.Stream;

import static dev.sluice.transfer.Receivers.openRead;
import static dev.sluice.transfer.Receivers.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

// A separate thread, so that a transfer stuck in a blocking native call fails its test instead of hanging the run.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@Tag("fs-matrix")
class FileTransferTest {
    static final int FILE_SIZE = 5 << 20;
    static final long POSITION = 12345;
    static final long COUNT = 5_000_000;

    @TempDir
    static Path shared;
    static Path source;
    static byte[] data;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeSource() throws IOException {
        data = TestData.randomBytes(FILE_SIZE, 42);
        source = TestData.fileWith(shared, "source.bin", data);
    }

    static Stream<Arguments> everyPathToEveryKindOfTarget() {
        return Arrays.stream(TransferPath.values())
                .flatMap(path -> Arrays.stream(Kind.values()).map(kind -> Arguments.of(path, kind)));
    }

    @ParameterizedTest(name = "{0} to a {1}")
    @MethodSource("everyPathToEveryKindOfTarget")
    void theTargetReceivesExactlyTheRangeByThePreferredPath(TransferPath path, Kind kind) throws Exception {
        try (NativeFile in = openRead(source);
             Receiver receiver = kind.open(dir);
             FileTransfer transfer = FileTransfer.using(path)) {
            TransferResult result = transfer.transfer(in, POSITION, COUNT, receiver.fd());

            assertThat(result).isEqualTo(new TransferResult(COUNT, path));
            assertThat(receiver.finish()).isEqualTo(range(data, POSITION, COUNT));
            for (TransferPath p : TransferPath.values()) {
                assertThat(transfer.bytes(p)).as("bytes by %s", p).isEqualTo(p == path ? COUNT : 0);
            }
            assertThat(transfer.preferred()).isEqualTo(path);
        }
    }

    /** Several transfers on one object, back to back to one socket: one pipe, counts adding up, no seam. */
    @ParameterizedTest
    @EnumSource(TransferPath.class)
    void consecutiveTransfersReuseThePipeAndAddUp(TransferPath path) throws Exception {
        long[][] ranges = {{0, 1}, {1, 3_000_000}, {3_000_001, 4097}, {3_004_098, FILE_SIZE - 3_004_098}};
        FaultInjector counting = FaultInjector.system();
        try (NativeFile in = openRead(counting.kernel(), source);
             SocketReceiver receiver = new SocketReceiver();
             FileTransfer transfer = FileTransfer.using(path)) {
            for (long[] r : ranges) {
                assertThat(transfer.transfer(in, r[0], r[1], receiver.fd())).isEqualTo(new TransferResult(r[1], path));
            }
            assertThat(receiver.finish()).isEqualTo(data);
            assertThat(transfer.bytes(path)).isEqualTo(FILE_SIZE);
            assertThat(counting.calls(Syscall.PIPE2)).isEqualTo(path == TransferPath.SPLICE ? 1 : 0);
            long buffers = Arrays.stream(ranges)
                    .mapToLong(r -> (r[1] + FileTransfer.COPY_BUFFER_SIZE - 1) / FileTransfer.COPY_BUFFER_SIZE).sum();
            assertThat(counting.calls(Syscall.PREAD)).isEqualTo(path == TransferPath.COPY ? buffers : 0);
            assertThat(counting.calls(Syscall.SENDFILE) > 0).isEqualTo(path == TransferPath.SENDFILE);
            assertThat(counting.calls(Syscall.SPLICE) > 0).isEqualTo(path == TransferPath.SPLICE);
        }
    }

    @ParameterizedTest
    @EnumSource(TransferPath.class)
    void aSourceEndingEarlyGivesEofAfterSendingWhatItHad(TransferPath path) throws Exception {
        Path small = TestData.fileWith(dir, "small", Arrays.copyOf(data, 100_000));
        try (NativeFile in = openRead(small);
             FileReceiver receiver = new FileReceiver(dir.resolve("out"));
             FileTransfer transfer = FileTransfer.using(path)) {
            assertThatThrownBy(() -> transfer.transfer(in, 1000, 200_000, receiver.fd()))
                    .isInstanceOf(EOFException.class)
                    .hasMessageContaining(small.toString()).hasMessageContaining("ends at 100000")
                    .hasMessageContaining("99000 of 200000 bytes");
            assertThat(receiver.finish()).isEqualTo(range(data, 1000, 99_000));
            assertThat(transfer.bytes(path)).isEqualTo(99_000);

            assertThatThrownBy(() -> transfer.transfer(in, 100_000, 1, receiver.fd())).isInstanceOf(EOFException.class);
            assertThatThrownBy(() -> transfer.transfer(in, 500_000, 10, receiver.fd())).isInstanceOf(EOFException.class);

            // Still usable, by the same path.
            assertThat(transfer.transfer(in, 0, 1000, receiver.fd())).isEqualTo(new TransferResult(1000, path));
            byte[] expected = new byte[100_000];
            System.arraycopy(data, 1000, expected, 0, 99_000);
            System.arraycopy(data, 0, expected, 99_000, 1000);
            assertThat(receiver.finish()).isEqualTo(expected);
            assertThat(transfer.bytes(path)).isEqualTo(100_000);
        }
    }

    /**
     * A non-blocking socket whose reader does not read: the transfer stops with an error instead of
     * spinning, and the counter says exactly how many bytes the far end will get.
     */
    @ParameterizedTest
    @EnumSource(TransferPath.class)
    void aTargetThatWouldBlockIsAnErrorAndTheCountIsExact(TransferPath path) throws Exception {
        try (NativeFile in = openRead(source);
             SocketReceiver receiver = new SocketReceiver(false);
             FileTransfer transfer = FileTransfer.using(path)) {
            receiver.client().setOption(StandardSocketOptions.SO_RCVBUF, 64 << 10);
            receiver.accepted().setOption(StandardSocketOptions.SO_SNDBUF, 64 << 10);
            receiver.accepted().configureBlocking(false);
            assertThatThrownBy(() -> transfer.transfer(in, POSITION, COUNT, receiver.fd()))
                    .isInstanceOf(IOException.class).hasMessageContaining("would block");
            long sent = transfer.bytes(path);
            assertThat(sent).isPositive().isLessThan(COUNT);
            assertThat(receiver.finish()).isEqualTo(range(data, POSITION, sent));
        }
    }

    @Test
    void argumentsAreCheckedBeforeAnyCall() throws Exception {
        FaultInjector counting = FaultInjector.system();
        try (NativeFile in = openRead(counting.kernel(), source);
             FileReceiver receiver = new FileReceiver(counting.kernel(), dir.resolve("out"));
             FileTransfer transfer = FileTransfer.using(TransferPath.SPLICE)) {
            long opened = counting.totalCalls();
            assertThatThrownBy(() -> transfer.transfer(in, -1, 10, receiver.fd()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position=-1");
            assertThatThrownBy(() -> transfer.transfer(in, 0, -1, receiver.fd()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count=-1");
            assertThatThrownBy(() -> transfer.transfer(in, Long.MAX_VALUE, 1, receiver.fd()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> transfer.transfer(null, 0, 1, receiver.fd()))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("source");
            assertThatThrownBy(() -> transfer.transfer(in, 0, 1, null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("target");
            assertThat(transfer.transfer(in, 0, 0, receiver.fd())).isEqualTo(new TransferResult(0, TransferPath.SPLICE));
            assertThat(counting.totalCalls()).as("calls after the two opens").isEqualTo(opened);
            assertThatThrownBy(() -> FileTransfer.using(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> transfer.bytes(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new TransferResult(-1, TransferPath.COPY)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(TransferPath.class)
    void closeFreesThePipeAndBufferAndIsIdempotent(TransferPath path) throws Exception {
        FaultInjector counting = FaultInjector.system();
        try (NativeFile in = openRead(counting.kernel(), source); FileReceiver receiver = new FileReceiver(dir.resolve("out"))) {
            FileTransfer transfer = FileTransfer.using(path);
            transfer.transfer(in, 0, 10_000, receiver.fd());
            transfer.close();
            transfer.close();
            assertThat(counting.calls(Syscall.CLOSE)).isEqualTo(path == TransferPath.SPLICE ? 2 : 0);
            assertThatThrownBy(() -> transfer.transfer(in, 0, 1, receiver.fd()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already closed");
            assertThat(transfer.bytes(path)).isEqualTo(10_000);
            assertThat(transfer).hasToString("FileTransfer[preferred=" + path + ", path=" + path + ", sendfile="
                    + (path == TransferPath.SENDFILE ? 10_000 : 0) + ", splice=" + (path == TransferPath.SPLICE ? 10_000 : 0)
                    + ", copy=" + (path == TransferPath.COPY ? 10_000 : 0) + ", closed]");
        }
    }

    /** The kernel itself refuses sendfile and splice to a file opened O_APPEND (EINVAL): copying does it. */
    @ParameterizedTest
    @EnumSource(TransferPath.class)
    void aTargetTheKernelRefusesFallsBackToCopying(TransferPath path) throws Exception {
        Path out = dir.resolve("appended");
        Files.write(out, new byte[] {1, 2, 3});
        try (NativeFile in = openRead(source);
             FileReceiver receiver = new FileReceiver(out, EnumSet.of(OpenFlag.WRITE, OpenFlag.APPEND));
             FileTransfer transfer = FileTransfer.using(path)) {
            assertThat(transfer.transfer(in, POSITION, COUNT, receiver.fd()))
                    .isEqualTo(new TransferResult(COUNT, TransferPath.COPY));
            byte[] expected = new byte[3 + (int) COUNT];
            expected[0] = 1;
            expected[1] = 2;
            expected[2] = 3;
            System.arraycopy(data, (int) POSITION, expected, 3, (int) COUNT);
            assertThat(receiver.finish()).isEqualTo(expected);
            assertThat(transfer.bytes(TransferPath.COPY)).isEqualTo(COUNT);
            assertThat(transfer.bytes(TransferPath.SENDFILE) + transfer.bytes(TransferPath.SPLICE)).isZero();
            assertThat(transfer.toString()).contains("path=COPY").doesNotContain("pipe=");
        }
    }
}
