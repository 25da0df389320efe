package dev.sluice.cli;

import dev.sluice.log.Durability;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sluice log serve} to a real 127.0.0.1 client, under strace to prove the zero-copy path. */
@Timeout(120)
class LogServeIT {
    private static final Pattern LISTENING = Pattern.compile("on 127\\.0\\.0\\.1:(\\d+) ");
    private static final LogConfig CONFIG = LogConfig.builder().segmentBytes(1 << 20).maxBatchBytes(64 * 1024)
            .durability(Durability.none()).build();

    @TempDir
    Path dir;

    private Path writeLog(int records) throws IOException {
        Path log = dir.resolve("log");
        Random random = new Random(3);
        try (Log l = Log.open(log, CONFIG)) {
            for (int i = 0; i < records; i++) {
                byte[] payload = TestData.randomBytes(random, 100 + random.nextInt(5000));
                l.append(payload);
            }
        }
        return log;
    }

    private static byte[] segmentBytes(Path log) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.list(log)) {
            for (Path segment : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                all.write(Files.readAllBytes(segment));
            }
        }
        return all.toByteArray();
    }

    /** Starts the command, returns it once it says where it listens. */
    private Process start(List<String> command, int[] port) throws IOException {
        // stderr to a file: a child holding the test JVM's stderr open would keep Maven waiting after a failure
        Process serve = new ProcessBuilder(command).redirectError(dir.resolve("serve.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("serve's first line").isNotNull();
        Matcher m = LISTENING.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        port[0] = Integer.parseInt(m.group(1));
        return serve;
    }

    private static byte[] receive(int port, int expected) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            if (expected < 0) {
                return in.readAllBytes();
            }
            return in.readNBytes(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sendfile", "splice", "copy"})
    void aClientReceivesExactlyTheSegmentBytesByTheChosenPath(String path) throws Exception {
        Path log = writeLog(800);
        byte[] expected = segmentBytes(log);
        assertThat(Files.list(log).filter(p -> p.toString().endsWith(".log")).count()).isGreaterThan(1);
        Path trace = dir.resolve("trace");
        int[] port = new int[1];
        Process serve = start(List.of("strace", "-f", "-qq", "-o", trace.toString(), "-e", "trace=sendfile,splice,write",
                "./sluice", "log", "serve", "--dir", log.toString(), "--port", "0", "--path", path, "--max-batch", "64k"),
                port);
        try {
            assertThat(receive(port[0], -1)).isEqualTo(expected);
        } finally {
            stop(serve);
        }
        String calls = Files.readString(trace);
        switch (path) {
            case "sendfile" -> assertThat(calls).containsPattern("sendfile\\(\\d+, \\d+, \\[\\d+\\] => \\[\\d+\\], \\d+\\) = [1-9]");
            case "splice" -> assertThat(calls).containsPattern("splice\\(\\d+, NULL, \\d+, NULL, \\d+, SPLICE_F_MOVE")
                    .doesNotContain("sendfile(");
            default -> assertThat(calls).doesNotContain("sendfile(").doesNotContain("splice(");
        }
    }

    @Test
    void fromAnOffsetAndFollowingNewAppends() throws Exception {
        Path log = writeLog(50);
        int[] port = new int[1];
        Process serve = start(List.of("./sluice", "log", "serve", "--dir", log.toString(), "--port", "0", "--from", "0",
                "--follow", "--max-batch", "64k"), port);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port[0])) {
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            byte[] before = segmentBytes(log);
            assertThat(in.readNBytes(before.length)).isEqualTo(before);
            try (Log writer = Log.open(log, CONFIG)) {
                writer.append("a new record".getBytes(StandardCharsets.UTF_8));
            }
            byte[] after = segmentBytes(log);
            byte[] added = in.readNBytes(after.length - before.length);
            assertThat(new String(added, StandardCharsets.ISO_8859_1)).endsWith("a new record");
        } finally {
            stop(serve);
        }
    }

    /**
     * Kills the server and everything it started. Under strace the JVM is killed first, so strace
     * sees its tracee exit, flushes the trace and exits by itself.
     */
    private static void stop(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
