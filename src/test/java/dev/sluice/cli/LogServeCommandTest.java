package dev.sluice.cli;

import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code log serve} says before it serves: where it really starts, and which port it could not have. */
class LogServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void serveSaysWhereTheBatchHoldingFromStarts() throws IOException {
        try (Log log = Log.open(dir.resolve("batches"), LogConfig.defaults())) {
            for (int batch = 0; batch < 3; batch++) {
                List<MemorySegment> ten = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    ten.add(MemorySegment.ofArray(new byte[] {(byte) i}));
                }
                log.appendBatch(ten);
            }
            assertThat(LogServeCommand.startingBatch(log, 15))
                    .isEqualTo(" (whole batches are sent: the batch holding it starts at offset 10)");
            assertThat(LogServeCommand.startingBatch(log, 20)).isEmpty();
        }
    }

    @Test
    void aPortInUseIsNamed() throws IOException {
        try (Log log = Log.open(dir.resolve("served"), LogConfig.defaults())) {
            log.append(new byte[] {1});
        }
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("log", "serve", "--dir", dir.resolve("served").toString(), "--port",
                    Integer.toString(taken.getLocalPort()));
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).startsWith("sluice: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .contains("--port 0");
        }
    }
}
