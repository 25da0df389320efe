package dev.sluice.cli;

import dev.sluice.log.Durability;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `sluice log append` on a log another writer holds: refused in one line, and nothing appended. */
class LogWriterLockCommandTest {
    @TempDir
    Path dir;

    @Test
    void aSecondWriterIsRefusedInOneLine() throws Exception {
        try (Log holder = Log.open(dir, LogConfig.builder().durability(Durability.none()).build())) {
            CliRun run = CliRun.withStdin("a\nb\n", "log", "append", "--dir", dir.toString());
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err().strip()).contains("already open for writing by this process").doesNotContain("\n");
            assertThat(run.out()).doesNotContain("acked");
            assertThat(holder.endOffset()).isZero();
        }
    }
}
