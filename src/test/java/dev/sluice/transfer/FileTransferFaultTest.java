package dev.sluice.transfer;

import dev.sluice.sys.Errno;
import dev.sluice.sys.FaultInjector;
import dev.sluice.sys.NativeError;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.NativeIOException;
import dev.sluice.sys.Syscall;
import dev.sluice.testing.TestData;
import dev.sluice.transfer.Receivers.FileReceiver;
import dev.sluice.transfer.Receivers.SocketReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

import static dev.sluice.transfer.Receivers.openRead;
import static dev.sluice.transfer.Receivers.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Refusals, short counts and failures injected into the calls a transfer makes. */
// A separate thread, so that a transfer stuck in a blocking native call fails its test instead of hanging the run.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FileTransferFaultTest {
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
        data = TestData.randomBytes(FILE_SIZE, 7);
        source = TestData.fileWith(shared, "source.bin", data);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(Errno.EINVAL, Errno.ENOSYS, Errno.EOPNOTSUPP).flatMap(errno -> Stream.of(
                Arguments.of(TransferPath.SENDFILE, 1, errno),
                Arguments.of(TransferPath.SPLICE, 1, errno),     // file -> pipe refused
                Arguments.of(TransferPath.SPLICE, 2, errno)));   // pipe -> target refused, the pipe holding a chunk
    }

    /**
     * The first zero-copy call refused: the bytes go by COPY, exactly once, to a real socket; the
     * fallback is remembered (the refused call is never made again by this object), and counted as COPY.
     */
    @ParameterizedTest(name = "{0}: call {1} fails with {2}")
    @MethodSource("refusals")
    void aRefusedZeroCopyCallFallsBackToCopying(TransferPath path, int nth, Errno errno) throws Exception {
        Syscall refused = path == TransferPath.SENDFILE ? Syscall.SENDFILE : Syscall.SPLICE;
        FaultInjector faults = FaultInjector.system().fail(refused, nth, errno, false);
        try (NativeFile in = openRead(faults.kernel(), source);
             SocketReceiver receiver = new SocketReceiver();
             FileTransfer transfer = FileTransfer.using(path)) {
            assertThat(transfer.transfer(in, POSITION, COUNT, receiver.fd()))
                    .isEqualTo(new TransferResult(COUNT, TransferPath.COPY));
            assertThat(transfer.transfer(in, 0, 1000, receiver.fd()))
                    .isEqualTo(new TransferResult(1000, TransferPath.COPY));
            assertThat(faults.injected()).isEqualTo(1);
            assertThat(faults.calls(refused)).isEqualTo(nth);
            // A pipe made for splice is closed when abandoned.
            assertThat(faults.calls(Syscall.CLOSE)).isEqualTo(path == TransferPath.SPLICE ? 2 : 0);
            byte[] expected = new byte[(int) COUNT + 1000];
            System.arraycopy(data, (int) POSITION, expected, 0, (int) COUNT);
            System.arraycopy(data, 0, expected, (int) COUNT, 1000);
            assertThat(receiver.finish()).isEqualTo(expected);
            assertThat(transfer.bytes(TransferPath.COPY)).isEqualTo(COUNT + 1000);
            assertThat(transfer.bytes(path)).isZero();
            assertThat(transfer.preferred()).isEqualTo(path);
        }
    }

    /** Each loop that moves bytes, given a short count: it goes on where the kernel stopped. */
    @ParameterizedTest(name = "{0}: call {2} of {1} moves at most 1000 bytes")
    @CsvSource({
            "SENDFILE, SENDFILE, 1",
            "SPLICE, SPLICE, 1",  // file -> pipe
            "SPLICE, SPLICE, 2",  // pipe -> target
            "SPLICE, SPLICE, 4",  // the second chunk's pipe -> target
            "COPY, PREAD, 1",
            "COPY, WRITE, 1",
            "COPY, WRITE, 3"})
    void shortTransfersAreContinued(TransferPath path, Syscall shortened, int nth) throws Exception {
        FaultInjector faults = FaultInjector.system();
        try (NativeFile in = openRead(faults.kernel(), source);
             FileReceiver receiver = new FileReceiver(faults.kernel(), dir.resolve("short"));
             FileReceiver reference = new FileReceiver(faults.kernel(), dir.resolve("reference"));
             FileTransfer transfer = FileTransfer.using(path)) {
            transfer.transfer(in, POSITION, COUNT, reference.fd());
            long unshortened = faults.calls(shortened);
            faults.shorten(shortened, unshortened + nth, 1000);
            assertThat(transfer.transfer(in, POSITION, COUNT, receiver.fd())).isEqualTo(new TransferResult(COUNT, path));
            assertThat(faults.injected()).isEqualTo(1);
            assertThat(faults.calls(shortened) - unshortened).as("calls of %s", shortened)
                    .isGreaterThan(Math.max(nth, unshortened));
            assertThat(receiver.finish()).isEqualTo(range(data, POSITION, COUNT));
            assertThat(transfer.bytes(path)).isEqualTo(2 * COUNT);
        }
    }

    static Stream<Arguments> failuresMidway() {
        return Stream.of(
                // path, call, nth, errno, whether some bytes went out first, whether a new pipe is needed after
                Arguments.of(TransferPath.SENDFILE, Syscall.SENDFILE, 1, Errno.EPIPE, false, false),
                Arguments.of(TransferPath.SPLICE, Syscall.SPLICE, 2, Errno.EPIPE, false, true),  // first drain
                Arguments.of(TransferPath.SPLICE, Syscall.SPLICE, 4, Errno.EPIPE, true, true),  // second chunk's drain
                Arguments.of(TransferPath.SPLICE, Syscall.SPLICE, 3, Errno.EIO, true, false),   // reading in a chunk: pipe empty
                // A refusal errno after bytes went out is a failure, not a reason to copy (which would resend them).
                Arguments.of(TransferPath.SPLICE, Syscall.SPLICE, 3, Errno.EINVAL, true, false),
                Arguments.of(TransferPath.SPLICE, Syscall.SPLICE, 4, Errno.EINVAL, true, true),
                Arguments.of(TransferPath.COPY, Syscall.WRITE, 3, Errno.EPIPE, true, false),
                Arguments.of(TransferPath.COPY, Syscall.PREAD, 2, Errno.EIO, true, false));
    }

    /**
     * A call failing part-way: an IOException naming the call; the target holds exactly what the
     * counter says; a pipe with bytes left in it is dropped; the next transfer on the same object works.
     */
    @ParameterizedTest(name = "{0}: call {2} of {1} fails with {3}")
    @MethodSource("failuresMidway")
    void aFailureMidwayIsThrownAccountedAndRecoveredFrom(TransferPath path, Syscall call, int nth, Errno errno,
                                                        boolean someSent, boolean newPipe) throws Exception {
        FaultInjector faults = FaultInjector.system().fail(call, nth, errno, false);
        // the copy path writes to the target, so a failing write needs the target's own calls to fail
        FaultInjector targets = call == Syscall.WRITE ? faults : FaultInjector.system();
        try (NativeFile in = openRead(faults.kernel(), source);
             FileReceiver broken = new FileReceiver(targets.kernel(), dir.resolve("broken"));
             FileReceiver next = new FileReceiver(targets.kernel(), dir.resolve("next"));
             FileTransfer transfer = FileTransfer.using(path)) {
            assertThatThrownBy(() -> transfer.transfer(in, POSITION, COUNT, broken.fd()))
                    .isInstanceOf(NativeIOException.class)
                    .hasMessageContaining(call.cName() + "(").hasMessageContaining(errno.name())
                    .satisfies(e -> assertThat(((NativeError) e).syscall()).isEqualTo(call));
            long sent = transfer.bytes(path);
            assertThat(broken.finish()).isEqualTo(range(data, POSITION, sent));
            assertThat(sent > 0).as("bytes sent before the failure: %d", sent).isEqualTo(someSent);
            // Checked now: a pipe kept with bytes stuck in it would make the next transfer block.
            assertThat(faults.calls(Syscall.CLOSE)).as("pipe ends closed after the failure").isEqualTo(newPipe ? 2 : 0);

            assertThat(transfer.transfer(in, 0, COUNT, next.fd())).isEqualTo(new TransferResult(COUNT, path));
            assertThat(next.finish()).isEqualTo(range(data, 0, COUNT));
            assertThat(transfer.bytes(path)).isEqualTo(sent + COUNT);
            assertThat(transfer.bytes(TransferPath.COPY) + transfer.bytes(TransferPath.SENDFILE)
                    + transfer.bytes(TransferPath.SPLICE)).isEqualTo(sent + COUNT);
            assertThat(faults.injected()).isEqualTo(1);
            assertThat(faults.calls(Syscall.PIPE2)).isEqualTo(path != TransferPath.SPLICE ? 0 : newPipe ? 2 : 1);
        }
    }

    /** The reader hangs up mid-transfer: whatever path, an IOException, and the object serves the next socket. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(TransferPath.class)
    void aPeerClosingMidwayFailsTheTransferAndTheNextOneWorks(TransferPath path) throws Exception {
        try (NativeFile in = openRead(source);
             SocketReceiver hungUp = new SocketReceiver(false);
             SocketReceiver next = new SocketReceiver();
             FileTransfer transfer = FileTransfer.using(path)) {
            hungUp.client().close();
            assertThatThrownBy(() -> {
                // The first bytes may be accepted before the reset arrives; some call then fails.
                for (int i = 0; i < 100; i++) {
                    transfer.transfer(in, 0, FILE_SIZE, hungUp.fd());
                }
            }).isInstanceOf(IOException.class).hasMessageMatching("(?s).*(sendfile|splice|write)\\(.*(EPIPE|ECONNRESET).*");
            long before = transfer.bytes(path);
            assertThat(transfer.transfer(in, POSITION, COUNT, next.fd())).isEqualTo(new TransferResult(COUNT, path));
            assertThat(next.finish()).isEqualTo(range(data, POSITION, COUNT));
            assertThat(transfer.bytes(path)).isEqualTo(before + COUNT);
        }
    }

    @Test
    void aPipeTheKernelWillNotEnlargeIsUsedAtTheSizeItHas() throws Exception {
        FaultInjector faults = FaultInjector.system().fail(Syscall.FCNTL, 1, Errno.EPERM, false);
        try (NativeFile in = openRead(faults.kernel(), source);
             FileReceiver receiver = new FileReceiver(dir.resolve("small-pipe"));
             FileTransfer transfer = FileTransfer.using(TransferPath.SPLICE)) {
            assertThat(transfer.transfer(in, POSITION, COUNT, receiver.fd()))
                    .isEqualTo(new TransferResult(COUNT, TransferPath.SPLICE));
            assertThat(faults.injected()).isEqualTo(1);
            assertThat(transfer.toString()).contains("pipe=65536");
            // In chunks of at most 64 KiB: at least two splice calls per chunk.
            assertThat(faults.calls(Syscall.SPLICE)).isGreaterThanOrEqualTo(2 * (COUNT / 65536));
            assertThat(receiver.finish()).isEqualTo(range(data, POSITION, COUNT));
        }
    }
}
