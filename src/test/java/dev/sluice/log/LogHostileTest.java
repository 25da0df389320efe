package dev.sluice.log;

import dev.sluice.sys.ChannelFds;
import dev.sluice.sys.MappedRegion;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;
import dev.sluice.testing.ChildJvm;
import dev.sluice.transfer.FileTransfer;
import dev.sluice.transfer.TransferPath;
import dev.sluice.testing.OpenDescriptors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.sluice.log.LogTesting.appendRecords;
import static dev.sluice.log.LogTesting.assertHoldsExactly;
import static dev.sluice.log.LogTesting.forgetCleanShutdown;
import static dev.sluice.log.LogTesting.segmentFile;
import static dev.sluice.log.LogTesting.small;
import static dev.sluice.log.LogTesting.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Hostile input to the log (G5, and G1/G2 where it applies): odd entries in a log directory,
 * symlinks the other tests do not cover, corrupt batch lengths under a small heap, file modes under
 * umask 000, and FD_CLOEXEC on every descriptor sluice opens.
 */
class LogHostileTest {
    private static final long SEED = 77;

    @TempDir
    Path root;
    Path dir;
    List<byte[]> written;

    @BeforeEach
    void writeLog() throws IOException {
        dir = root.resolve("log");
        try (Log log = Log.open(dir, small())) {
            written = new ArrayList<>(appendRecords(log, SEED, 300));
            assertThat(log.segments().size()).isGreaterThan(3);
        }
    }

    private List<Long> bases() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log"))
                    .map(n -> Long.parseLong(n.substring(0, 20))).sorted().toList();
        }
    }

    // 1. Odd entries

    @Test
    void oddFilesAndDirectoriesThatAreNotLogFilesAreIgnoredAndLeftAlone() throws IOException {
        Files.write(dir.resolve("00000000000000000000.log.bak"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("00000000000000000000.logx"), new byte[] {4});
        Files.write(dir.resolve("0000000000000000000.log"), new byte[] {5}); // 19 digits
        Files.write(dir.resolve("99999999999999999999.log"), new byte[] {6}); // beyond Long.MAX_VALUE
        Files.write(dir.resolve(".hidden"), new byte[] {7});
        Files.write(dir.resolve("\n"), new byte[] {8});
        Files.createDirectory(dir.resolve("lost+found"));
        Map<String, byte[]> before = snapshot(dir);
        forgetCleanShutdown(dir);
        try (Log log = Log.open(dir, small())) {
            assertHoldsExactly(log, written);
        }
        try (Log log = Log.openReadOnly(dir, small())) {
            assertHoldsExactly(log, written);
        }
        assertThat(snapshot(dir)).containsKeys("00000000000000000000.log.bak", "00000000000000000000.logx",
                "0000000000000000000.log", "99999999999999999999.log", ".hidden", "\n");
        assertThat(snapshot(dir).get("00000000000000000000.log.bak")).isEqualTo(before.get("00000000000000000000.log.bak"));
        assertThat(dir.resolve("lost+found")).isDirectory();
    }

    /** A directory (or FIFO) where recovery expects a log file is refused with an IOException naming it, never used, never hangs. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dir:first segment", "dir:middle segment", "dir:next segment", "dir:sealed index",
            "dir:active index", "dir:recovery point", "dir:clean shutdown", "fifo:first segment", "fifo:active segment",
            "fifo:sealed index", "fifo:active index", "fifo:recovery point", "fifo:clean shutdown"})
    void aDirectoryOrFifoNamedLikeALogFileIsRefused(String which) throws Exception {
        List<Long> bases = bases();
        String kind = which.substring(0, which.indexOf(':'));
        String name = switch (which.substring(which.indexOf(':') + 1)) {
            case "first segment" -> SegmentNames.log(0);
            case "middle segment" -> SegmentNames.log(bases.get(2));
            case "active segment" -> SegmentNames.log(bases.getLast());
            case "next segment" -> SegmentNames.log(written.size());
            case "sealed index" -> SegmentNames.index(bases.get(1));
            case "active index" -> SegmentNames.index(bases.getLast());
            case "recovery point" -> SegmentNames.RECOVERY_POINT;
            default -> SegmentNames.CLEAN_SHUTDOWN;
        };
        Path entry = dir.resolve(name);
        Files.deleteIfExists(entry);
        if (kind.equals("dir")) {
            Files.createDirectory(entry);
            Files.write(entry.resolve("inside"), new byte[] {1});
        } else {
            Process mkfifo = new ProcessBuilder("mkfifo", entry.toString()).inheritIO().start();
            assertThat(mkfifo.waitFor()).isZero();
        }
        // with the marker, recovery loads the active index; a sealed index is loaded below the recovery point
        for (boolean readOnly : new boolean[] {true, false}) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> {
                try (Log log = readOnly ? Log.openReadOnly(dir, small()) : Log.open(dir, small())) {
                    log.endOffset();
                }
            }).as("%s, read-only %s", which, readOnly).isInstanceOf(IOException.class).hasMessageContaining(name),
                    which + ": must not hang");
        }
        if (name.endsWith(".log") || name.endsWith(".index")) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> LogVerifier.verify(dir, small()))
                    .as("verify, %s", which).isInstanceOf(IOException.class).hasMessageContaining(name), which + ": verify must not hang");
        }
        if (kind.equals("dir")) {
            assertThat(entry.resolve("inside")).exists();
        } else {
            assertThat(Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)).isFalse();
            assertThat(Files.exists(entry, LinkOption.NOFOLLOW_LINKS)).isTrue();
        }
    }

    /** A kill between creating the directory and its first segment leaves an empty directory. */
    @Test
    void anEmptyLogDirectoryIsAnEmptyLog() throws IOException {
        Path empty = Files.createDirectory(root.resolve("empty"));
        try (Log log = Log.openReadOnly(empty, small())) {
            assertThat(log.startOffset()).isZero();
            assertThat(log.endOffset()).isZero();
            assertThat(LogTesting.readAll(log, 0)).isEmpty();
        } catch (IOException e) {
            assertThat(e).hasMessageContaining(empty.toString()); // a clear refusal is fine too
        }
        try (Log log = Log.open(empty, small())) {
            assertThat(log.endOffset()).isZero();
        }
    }

    // 2. Symlinks not covered by LogRecoveryTest

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"active index", "clean shutdown", "segment to a directory"})
    void moreSymlinksAreRefusedAndTheirTargetsLeftAlone(String which) throws IOException {
        List<Long> bases = bases();
        Path outside = root.resolve("outside");
        String name;
        switch (which) {
            case "active index" -> { // a clean shutdown makes recovery load the active index
                name = SegmentNames.index(bases.getLast());
                Files.move(dir.resolve(name), outside);
            }
            case "clean shutdown" -> {
                name = SegmentNames.CLEAN_SHUTDOWN;
                Files.move(dir.resolve(name), outside);
                Files.write(outside, "precious".getBytes());
            }
            default -> {
                name = SegmentNames.log(written.size());
                Files.createDirectory(outside);
                Files.write(outside.resolve("x"), new byte[] {1});
            }
        }
        Files.createSymbolicLink(dir.resolve(name), outside);
        Map<String, byte[]> target = Files.isDirectory(outside) ? Map.of() : Map.of("t", Files.readAllBytes(outside));
        assertThatThrownBy(() -> Log.open(dir, small()).close()).as(which).isInstanceOf(IOException.class)
                .hasMessageContaining(name);
        assertThatThrownBy(() -> Log.openReadOnly(dir, small()).close()).as(which).isInstanceOf(IOException.class)
                .hasMessageContaining(name);
        assertThat(Files.isSymbolicLink(dir.resolve(name))).isTrue();
        if (!target.isEmpty()) {
            assertThat(Files.readAllBytes(outside)).isEqualTo(target.get("t"));
        } else {
            assertThat(outside.resolve("x")).exists();
        }
    }

    // 3. Corrupt lengths never allocate big buffers

    @Test
    void corruptBatchLengthsAreHandledQuicklyWithA32MiBHeap() throws Exception {
        int[] lengths = {0, -1, -40, 35, Integer.MAX_VALUE, Integer.MIN_VALUE, (1 << 20) + 1, 1 << 30};
        List<String> args = new ArrayList<>(List.of("corrupt"));
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            for (String where : new String[] {"active", "sealed"}) {
                Path d = root.resolve("corrupt-" + where + "-" + i);
                try (Log log = Log.open(d, HostileChild.oneMiB().toBuilder().segmentBytes(1 << 20).build())) {
                    appendRecords(log, SEED, 1600);
                }
                forgetCleanShutdown(d);
                List<Long> segmentBases;
                try (Stream<Path> entries = Files.list(d)) {
                    segmentBases = entries.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log"))
                            .map(n -> Long.parseLong(n.substring(0, 20))).sorted().toList();
                }
                long base = where.equals("active") ? segmentBases.getLast() : segmentBases.get(1);
                Path segment = segmentFile(d, base);
                List<Long> boundaries = LogTesting.batchBoundaries(segment);
                long at = boundaries.get(boundaries.size() / 2);
                LogTesting.writeAt(segment, at, ByteBuffer.allocate(4).putInt(0, lengths[i]).array());
                if (where.equals("sealed")) {
                    Files.deleteIfExists(d.resolve(SegmentNames.RECOVERY_POINT)); // CRC-check every sealed segment
                }
                args.add(d.toString());
                dirs.add(d);
            }
        }
        List<String> command = ChildJvm.command(List.of("-Xmx32m", "-XX:MaxDirectMemorySize=8m",
                "-XX:-CreateCoredumpOnCrash", "-XX:TieredStopAtLevel=1"), HostileChild.class, args.toArray(String[]::new));
        Path out = root.resolve("corrupt.out");
        Path err = root.resolve("corrupt.err");
        long start = System.nanoTime();
        Process child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("finishes").isTrue();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String stderr = Files.readString(err);
        assertThat(child.exitValue()).as(stderr).isZero();
        assertThat(stderr).doesNotContain("OutOfMemoryError");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(dirs.size());
        for (int i = 0; i < dirs.size(); i++) {
            String line = lines.get(i);
            if (dirs.get(i).getFileName().toString().contains("active")) {
                // the active segment's tail from the corrupt batch on is cut: a prefix remains
                assertThat(line).as(dirs.get(i).toString()).startsWith("ok ");
            } else {
                // a corrupt sealed segment is reported, never cut
                assertThat(line).as(dirs.get(i).toString()).startsWith("refused: ").contains(".log");
            }
        }
        assertThat(millis).as("16 corrupt logs recovered in a 32 MiB heap").isLessThan(30_000);
    }

    // 4. Modes under umask 000

    @Test
    void filesAre0640AndDirectories0750UnderUmask000() throws Exception {
        Path created = root.resolve("umask-log");
        String command = "umask 000 && exec "
                + ChildJvm.shellLine(ChildJvm.command(HostileChild.class, "create", created.toString()));
        Path err = root.resolve("umask.err");
        Process child = new ProcessBuilder("sh", "-c", command).redirectError(err.toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(Files.readString(err)).isZero();
        assertThat(mode(created)).as("log directory").isEqualTo("rwxr-x---");
        List<String> names = LogTesting.fileNames(created);
        assertThat(names).contains(SegmentNames.log(0), SegmentNames.index(0), SegmentNames.RECOVERY_POINT,
                SegmentNames.CLEAN_SHUTDOWN).anyMatch(n -> n.endsWith(".log") && !n.equals(SegmentNames.log(0)));
        for (String name : names) {
            assertThat(mode(created.resolve(name))).as(name).isEqualTo("rw-r-----");
        }
        // and a crash recovery under umask 000 rewrites indexes with the same mode
        forgetCleanShutdown(created);
        Files.delete(created.resolve(SegmentNames.index(0)));
        Files.delete(created.resolve(SegmentNames.RECOVERY_POINT));
        child = new ProcessBuilder("sh", "-c", command).redirectError(err.toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(Files.readString(err)).isZero();
        for (String name : LogTesting.fileNames(created)) {
            assertThat(mode(created.resolve(name))).as(name + " after recovery").isEqualTo("rw-r-----");
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    // 5. FD_CLOEXEC on every descriptor

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PWRITE", "MMAP", "DIRECT"})
    void everyDescriptorSluiceOpensIsCloseOnExec(IoMode io) throws Exception {
        Path logDir = root.resolve("fds-" + io);
        java.util.Set<Integer> pipesBefore = pipes();
        LogConfig config = small().toBuilder().ioMode(io).build();
        try (Log log = Log.open(logDir, config);
             ServerSocketChannel server = ServerSocketChannel.open()
                     .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel accepted = server.accept()) {
            appendRecords(log, SEED, 150);
            assertThat(log.segments().size()).isGreaterThan(2);
            try (LogReader reader = log.reader(0, ReaderConfig.defaults());
                 LogReader splicer = log.reader(0, ReaderConfig.defaults().withTransferPath(TransferPath.SPLICE));
                 Log readOnly = Log.openReadOnly(dir, small());
                 LogReader other = readOnly.reader(0, ReaderConfig.defaults());
                 FileTransfer transfer = FileTransfer.using(TransferPath.SPLICE);
                 NativeFile file = NativeFile.open(segmentFile(logDir, 0), EnumSet.of(OpenFlag.READ));
                 MappedRegion region = MappedRegion.map(file, 0, 4096, MappedRegion.Access.READ_ONLY,
                         MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.SHARED)) {
                assertThat(reader.poll(10)).isNotEmpty();
                assertThat(other.poll(10)).isNotEmpty();
                splicer.transferTo(ChannelFds.of(client), 0, 4096);
                transfer.transfer(file, 0, 4096, ChannelFds.of(client));
                assertThat(transfer.bytes(TransferPath.SPLICE)).as("the splice path (with its pipe) was used").isPositive();
                region.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0);

                Map<Integer, String> ours = new HashMap<>();
                OpenDescriptors.all().forEach((n, target) -> {
                    boolean newPipe = target.startsWith("pipe:") && !pipesBefore.contains(n);
                    if (target.startsWith(root.toString()) || newPipe) {
                        ours.put(n, target);
                    }
                });
                assertThat(ours.values()).as("log files, segment files of readers, the region's fd, the pipe")
                        .anyMatch(t -> t.startsWith("pipe:")).anyMatch(t -> t.endsWith(SegmentNames.log(0)))
                        .anyMatch(t -> t.equals(logDir.toString())).anyMatch(t -> t.equals(dir.toString()));
                for (Map.Entry<Integer, String> fd : ours.entrySet()) {
                    long flags = fdFlags(fd.getKey());
                    assertThat(flags & 02000000).as("fd %d -> %s: flags 0%o have O_CLOEXEC", fd.getKey(), fd.getValue(),
                            flags).isNotZero();
                }
            }
        }
    }

    private static java.util.Set<Integer> pipes() throws IOException {
        java.util.Set<Integer> pipes = new java.util.HashSet<>();
        OpenDescriptors.all().forEach((n, target) -> {
            if (target.startsWith("pipe:")) {
                pipes.add(n);
            }
        });
        return pipes;
    }

    private static long fdFlags(int fd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
            if (line.startsWith("flags:")) {
                return Long.parseLong(line.substring("flags:".length()).trim(), 8);
            }
        }
        throw new IOException("no flags in /proc/self/fdinfo/" + fd);
    }
}
