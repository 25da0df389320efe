package dev.sluice.log;

import dev.sluice.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.sluice.log.LogTesting.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One writer per log directory: a second one, in this process or another, is refused at once and told who holds it. */
class LogWriterLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondWriterInThisProcessIsRefusedWhileReadOnlyOpensWork() throws Exception {
        long pid = ProcessHandle.current().pid();
        try (Log first = Log.open(dir, small())) {
            first.append(new byte[] {1});
            assertThatThrownBy(() -> Log.open(dir, small()))
                    .isInstanceOf(LogLockedException.class)
                    .hasMessageContaining("already open for writing by this process (pid " + pid + ")")
                    .satisfies(e -> assertThat(((LogLockedException) e).holderPid()).hasValue(pid))
                    .hasMessageNotContaining("\n");
            try (Log follower = Log.openReadOnly(dir, small())) {
                assertThat(follower.endOffset()).isEqualTo(1);
            }
            assertThat(first.append(new byte[] {2})).isEqualTo(1); // the refused open changed nothing
        }
        try (Log again = Log.open(dir, small())) {
            assertThat(again.append(new byte[] {3})).isEqualTo(2);
        }
    }

    @Test
    void ofWritersOpeningAtOnceExactlyOneGetsTheLog() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Log>> opens = new ArrayList<>();
        Callable<Log> open = () -> {
            start.await();
            try {
                return Log.open(dir, small());
            } catch (LogLockedException refused) {
                return null;
            }
        };
        for (int i = 0; i < threads; i++) {
            opens.add(pool.submit(open));
        }
        start.countDown();
        List<Log> winners = new ArrayList<>();
        for (Future<Log> f : opens) {
            Log log = f.get(30, TimeUnit.SECONDS);
            if (log != null) {
                winners.add(log);
            }
        }
        pool.shutdown();
        assertThat(winners).hasSize(1);
        try (Log winner = winners.getFirst()) {
            assertThat(winner.append(new byte[] {1})).isZero();
        }
    }

    @Test
    void aWriterInAnotherProcessIsNamedByPidAndItsKillReleasesTheLog() throws Exception {
        Process child = new ProcessBuilder(ChildJvm.command(WriterLockChild.class, dir.toString()))
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo(WriterLockChild.HOLDING);
            assertThatThrownBy(() -> Log.open(dir, small()))
                    .isInstanceOf(LogLockedException.class)
                    .hasMessageContaining("already open for writing by pid " + child.pid())
                    .satisfies(e -> assertThat(((LogLockedException) e).holderPid()).hasValue(child.pid()));
            try (Log follower = Log.openReadOnly(dir, small())) {
                assertThat(follower.endOffset()).isEqualTo(1);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (Log log = Log.open(dir, small())) {
            assertThat(log.append(new byte[] {2})).isEqualTo(1);
        }
    }
}
