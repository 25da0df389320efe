package dev.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.cache.EvictionReport;
import dev.sluice.log.LogTransfer;
import dev.sluice.sys.CacheStat;
import dev.sluice.sys.Errno;
import dev.sluice.sys.KernelFeatures;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.NativeIOException;
import dev.sluice.sys.OpenFlag;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the README's snippets (the example files beside this test) on a scratch directory. */
class ReadmeExamplesTest {
    @TempDir
    Path dir;

    @Test
    void nativeFileExampleWritesDurably() throws Exception {
        assumeTrue(KernelFeatures.cachestat(), "cachestat(2) needs Linux 6.5+");
        Path file = dir.resolve("data");

        CacheStat stat = NativeFileExample.writeDurablyAndDrop(file);

        assertThat(Files.size(file)).isEqualTo(1 << 20);
        assertThat(stat.dirty()).as("dirty pages after fdatasync").isZero();
    }

    @Test
    void pageCacheExampleWarmsLocksAndEvicts() throws Exception {
        Path file = dir.resolve("data");
        Files.write(file, new byte[1 << 20]);

        EvictionReport report = PageCacheExample.tour(file);

        assertThat(report.before().cachedPages()).as("cached after warm").isPositive();
        assertThat(report.after().cachedPages()).as("cached after evict").isLessThan(report.before().cachedPages());
    }

    @Test
    void logExampleAppendsReadsAndSends() throws Exception {
        byte[] payload = "hello, log".getBytes(StandardCharsets.US_ASCII);
        Path sent = dir.resolve("sent");

        LogTransfer transfer;
        try (NativeFile target = NativeFile.open(sent, EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE))) {
            transfer = LogExample.appendAndRead(dir.resolve("log"), payload, target.fd());
        }

        assertThat(transfer.nextOffset()).isEqualTo(1);
        assertThat(transfer.bytes()).isEqualTo(Files.size(sent)).isGreaterThan(payload.length);
    }

    @Test
    void faultInjectionExampleFailsTheThirdSyncOfThatFileOnly() throws Exception {
        try (NativeFile faulty = FaultInjectionExample.openWithFailingThirdSync(dir.resolve("faulty"));
             NativeFile healthy = NativeFile.open(dir.resolve("healthy"), EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE))) {
            faulty.syncData();
            faulty.syncData();
            healthy.syncData();
            healthy.syncData();
            healthy.syncData(); // a file opened the usual way goes on through the system's kernel
            assertThatThrownBy(faulty::syncData).isInstanceOfSatisfying(NativeIOException.class,
                    e -> assertThat(e.errno()).isEqualTo(Errno.EIO.value()));
            faulty.syncData(); // the rule fails the third call only
        }
    }
}
