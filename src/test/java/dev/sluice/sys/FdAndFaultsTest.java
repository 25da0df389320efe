package dev.sluice.sys;

import dev.sluice.testing.TestData;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FdAndFaultsTest {
    @TempDir
    Path dir;

    @RepeatedTest(5)
    void racingClosesCloseTheDescriptorExactlyOnce() throws Exception {
        FaultInjector counting = FaultInjector.system();
        NativeFile f = TestFiles.openReadWrite(counting.kernel(), dir.resolve("race"));
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    f.close();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(counting.calls(Syscall.CLOSE)).isEqualTo(1);
    }

    @Test
    void aCloseDuringACallWaitsForTheCallToReturn() throws Exception {
        FaultInjector counting = FaultInjector.system();
        NativeFile f = TestFiles.openReadWrite(counting.kernel(), dir.resolve("inflight"));
        Fd fd = f.fd();
        fd.acquire();
        f.close();
        assertThat(fd.isOpen()).isFalse();
        assertThat(counting.calls(Syscall.CLOSE)).isZero();
        fd.release();
        assertThat(counting.calls(Syscall.CLOSE)).isEqualTo(1);
        assertThatThrownBy(fd::acquire).isInstanceOf(ClosedChannelException.class);
    }

    /** Issue 14, defect 6: the error of a close(2) deferred behind a call in flight was dropped. */
    @Test
    void aDeferredCloseErrorGoesToTheLastCallInFlight() throws Exception {
        Path file = TestData.fileWith(dir, "deferred", "abc".getBytes());
        FaultInjector faults = FaultInjector.system().fail(Syscall.CLOSE, 1, Errno.EIO, false);
        PausedCall paused = new PausedCall(faults.kernel(), "pread");
        NativeFile f = TestFiles.openReadWrite(paused.kernel(), file);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment buf = arena.allocate(3);
            Future<Long> reader = paused.run(() -> f.read(buf, 0));
            paused.awaitEntered();
            f.close(); // returns at once: the close waits for the read
            assertThat(faults.calls(Syscall.CLOSE)).isZero();
            paused.proceed();
            assertThatThrownBy(reader::get).cause()
                    .isExactlyInstanceOf(NativeIOException.class)
                    .hasMessageStartingWith("close(fd=").hasMessageContaining("EIO").hasMessageContaining("deferred")
                    .satisfies(e -> assertThat(((NativeError) e).syscall()).isEqualTo(Syscall.CLOSE));
            assertThat(buf.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).isEqualTo("abc".getBytes());
        } finally {
            paused.shutdown();
        }
        assertThat(faults.calls(Syscall.CLOSE)).isEqualTo(1);
        assertThat(f.isOpen()).isFalse();
    }

    @Test
    void aDeferredCloseErrorIsSuppressedByTheLastCallsOwnError() throws Exception {
        FaultInjector faults = FaultInjector.system()
                .fail(Syscall.CLOSE, 1, Errno.EIO, false).fail(Syscall.FDATASYNC, 1, Errno.ENOSPC, false);
        PausedCall paused = new PausedCall(faults.kernel(), "fdatasync");
        NativeFile f = TestFiles.openReadWrite(paused.kernel(), dir.resolve("deferred-both"));
        try {
            Future<Long> sync = paused.run(() -> {
                f.syncData();
                return 0L;
            });
            paused.awaitEntered();
            f.close();
            paused.proceed();
            assertThatThrownBy(sync::get).cause()
                    .hasMessageContaining("fdatasync(").hasMessageContaining("ENOSPC")
                    .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                            .satisfies(s -> assertThat(s).hasMessageStartingWith("close(fd=").hasMessageContaining("EIO")));
        } finally {
            paused.shutdown();
        }
    }

    /** A kernel whose first call of one method waits, once entered, until the test lets it proceed. */
    private static final class PausedCall {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch proceed = new CountDownLatch(1);
        private final java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        private final java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
        private final Kernel kernel;

        PausedCall(Kernel around, String method) {
            Libc delegate = around.libc();
            Libc libc = (Libc) java.lang.reflect.Proxy.newProxyInstance(Libc.class.getClassLoader(),
                    new Class<?>[] {Libc.class}, (proxy, m, args) -> {
                        if (m.getName().equals(method) && first.getAndSet(false)) {
                            entered.countDown();
                            proceed.await();
                        }
                        try {
                            return m.invoke(delegate, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            this.kernel = new Kernel(libc, "paused at " + method + ", around " + around);
        }

        Kernel kernel() {
            return kernel;
        }

        Future<Long> run(java.util.concurrent.Callable<Long> call) {
            return thread.submit(call);
        }

        void awaitEntered() throws InterruptedException {
            assertThat(entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the call was entered").isTrue();
        }

        void proceed() {
            proceed.countDown();
        }

        void shutdown() {
            proceed.countDown();
            thread.shutdown();
        }
    }

    @Test
    void closeErrorsAreReported() throws Exception {
        FaultInjector faults = FaultInjector.system().fail(Syscall.CLOSE, 1, Errno.EIO, false);
        NativeFile f = TestFiles.openReadWrite(faults.kernel(), dir.resolve("closeerr"));
        assertThatThrownBy(f::close)
                .isInstanceOf(NativeIOException.class).hasMessageContaining("close(fd=").hasMessageContaining("EIO");
    }

    @Test
    void eintrIsRetried() throws Exception {
        Path file = TestData.fileWith(dir, "eintr", "abc".getBytes());
        FaultInjector faults = FaultInjector.system().fail(Syscall.PREAD, 1, Errno.EINTR, false);
        try (NativeFile f = TestFiles.openReadWrite(faults.kernel(), file); Arena arena = Arena.ofConfined()) {
            assertThat(f.read(arena.allocate(3), 0)).isEqualTo(3);
            assertThat(faults.calls(Syscall.PREAD)).isEqualTo(2);
            assertThat(faults.injected()).isEqualTo(1);
        }
    }

    @Test
    void shortWritesAreLoopedUntilEveryByteIsWritten() throws Exception {
        byte[] data = TestData.randomBytes(10_000, 21);
        FaultInjector faults = FaultInjector.system().shorten(Syscall.PWRITE, 1, 100).shorten(Syscall.PWRITEV2, 1, 7);
        try (NativeFile f = TestFiles.openReadWrite(faults.kernel(), dir.resolve("short")); Arena arena = Arena.ofConfined()) {
            f.write(TestFiles.nativeCopy(arena, data), 0);
            assertThat(faults.calls(Syscall.PWRITE)).isEqualTo(2);
            f.write(List.of(TestFiles.nativeCopy(arena, data)), 10_000, java.util.Set.of());
            assertThat(faults.calls(Syscall.PWRITEV2)).isEqualTo(2);
        }
        byte[] written = Files.readAllBytes(dir.resolve("short"));
        assertThat(java.util.Arrays.copyOfRange(written, 0, 10_000)).isEqualTo(data);
        assertThat(java.util.Arrays.copyOfRange(written, 10_000, 20_000)).isEqualTo(data);
    }

    @Test
    void persistentFaultsKeepFailingAndOnceFaultsFailOnce() throws Exception {
        FaultInjector once = FaultInjector.system().fail(Syscall.FDATASYNC, 2, Errno.EIO, false);
        try (NativeFile f = TestFiles.openReadWrite(once.kernel(), dir.resolve("persist"))) {
            f.syncData();
            assertThatThrownBy(f::syncData).isInstanceOf(NativeIOException.class);
            f.syncData();
        }
        FaultInjector persistent = FaultInjector.system().fail(Syscall.FDATASYNC, 2, Errno.ENOSPC, true);
        try (NativeFile f = TestFiles.openReadWrite(persistent.kernel(), dir.resolve("persist"))) {
            f.syncData();
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(f::syncData).isInstanceOf(NativeIOException.class).hasMessageContaining("ENOSPC");
            }
        }
    }

    @Test
    void errnoValuesMapToTheExceptionsJavaCallersExpect() {
        IOException badf = Errors.exception(Syscall.PREAD, -Errno.EBADF.value(), null, "fd=3");
        assertThat(badf).isInstanceOf(ClosedChannelException.class)
                .hasMessage("pread(fd=3) failed: EBADF (Bad file descriptor)");
        assertThat(((NativeError) badf).errno()).isEqualTo(Errno.EBADF.value());
        assertThat(Errors.exception(Syscall.OPEN, -Errno.EACCES.value(), "/x", "")).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("/x").hasMessageContaining("EACCES (Permission denied)");
        assertThat(Errors.exception(Syscall.OPEN, -Errno.EPERM.value(), "/x", "")).isInstanceOf(AccessDeniedException.class);
        IOException nospc = Errors.exception(Syscall.PWRITE, -Errno.ENOSPC.value(), "/data/x", "fd=7, count=4096, offset=0");
        assertThat(nospc).isExactlyInstanceOf(NativeIOException.class)
                .hasMessage("pwrite(fd=7, count=4096, offset=0) on /data/x failed: ENOSPC (No space left on device)");
        assertThat(Errno.symbol(9999)).isEqualTo("errno 9999");
    }

    @Test
    void aHeapSegmentIsRefusedEvenByTheRawLayerCallers() throws Exception {
        try (NativeFile f = TestFiles.openReadWrite(dir.resolve("heap"))) {
            assertThatThrownBy(() -> f.read(MemorySegment.ofArray(new byte[8]), 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heap segment");
        }
    }
}
