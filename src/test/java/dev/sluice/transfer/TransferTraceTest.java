package dev.sluice.transfer;

import dev.sluice.testing.ChildJvm;
import dev.sluice.testing.StraceOutput;
import static dev.sluice.transfer.TransferTraceMain.DATA;
import static dev.sluice.transfer.TransferTraceMain.MARK;
import static dev.sluice.transfer.TransferTraceMain.SENDFILE_COUNT;
import static dev.sluice.transfer.TransferTraceMain.SENDFILE_POSITION;
import static dev.sluice.transfer.TransferTraceMain.SPLICE_COUNT;
import static dev.sluice.transfer.TransferTraceMain.SPLICE_POSITION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link TransferTraceMain} in a child JVM under {@code strace -f -yy} and reads, call by call,
 * what went to the kernel: the SENDFILE transfer is sendfile(2) from the source file to the loopback
 * socket, at contiguous offsets, summing to its count; the SPLICE transfer is a pipe made once and
 * enlarged to 1 MiB, then file-to-pipe splices at contiguous offsets, each drained completely into
 * the socket before the next (SPLICE_F_MORE on all but the last chunk); and the source is never
 * pread (no copying). The whole trace is kept in {@code target/transfer-trace.txt}.
 */
@Timeout(180)
class TransferTraceTest {
    private static final Path STRACE = Path.of("/usr/bin/strace");
    private static final long TIMEOUT_SECONDS = 120;
    private static final Path TARGET = Path.of(System.getProperty("basedir", "."), "target");
    private static final Pattern TARGET_LINE = Pattern.compile(Pattern.quote(MARK)
            + "target=(?<fd>\\d+) local=(?<local>\\d+) remote=(?<remote>\\d+)");
    private static final String EQ = "\\s+= ";

    @Test
    void sendfileAndSpliceGoStraightFromTheFileToTheSocket(@TempDir Path tmp) throws Exception {
        assertThat(Files.isExecutable(STRACE)).as(STRACE + " is the oracle of this test: install strace").isTrue();
        assumeTrue("amd64".equals(System.getProperty("os.arch")),
                "the strace names checked are those of x86_64, not " + System.getProperty("os.arch"));
        Path dir = Files.createDirectory(tmp.resolve("files")).toRealPath();
        Path trace = tmp.resolve("trace");
        Path output = tmp.resolve("child-output");

        List<String> command = new ArrayList<>(List.of(STRACE.toString(), "-f", "-qq", "-yy", "-o", trace.toString(),
                "-e", "signal=none", "-e", "trace=sendfile,splice,pipe2,fcntl,pread64"));
        command.addAll(ChildJvm.command(TransferTraceMain.class, dir.toString()));
        int exit = ChildJvm.runToCompletion(command, output, TIMEOUT_SECONDS);
        String childOutput = read(output);
        if (Files.exists(trace)) {
            Files.createDirectories(TARGET);
            Files.copy(trace, TARGET.resolve("transfer-trace.txt"), StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(exit).as("exit status of strace + child; output:\n%s", childOutput).isZero();
        assertThat(childOutput)
                .contains(MARK + "TransferResult[bytes=" + SENDFILE_COUNT + ", path=SENDFILE]")
                .contains(MARK + "TransferResult[bytes=" + SPLICE_COUNT + ", path=SPLICE]")
                .contains(MARK + "received " + (SENDFILE_COUNT + SPLICE_COUNT));
        Matcher t = TARGET_LINE.matcher(childOutput);
        assertThat(t.find()).as("target line in the output:\n%s", childOutput).isTrue();

        String file = Pattern.quote(dir.resolve(DATA).toString());
        String loopback = "\\[?(?:::ffff:)?127\\.0\\.0\\.1]?";
        // strace -yy names a TCP socket by its addresses (an IPv4-mapped IPv6 one for a dual-stack JDK socket).
        String socket = t.group("fd") + "<(?:socket:\\[\\d+]|TCP(?:v6)?:\\[" + loopback + ":" + t.group("local") + "->"
                + loopback + ":" + t.group("remote") + "])>";
        Pattern sendfile = Pattern.compile("^sendfile\\(" + socket + ", \\d+<" + file
                + ">, \\[(?<off>\\d+)] => \\[(?<end>\\d+)], (?<len>\\d+)\\)" + EQ + "(?<n>\\d+)$");
        Pattern pipe2 = Pattern.compile("^pipe2\\(\\[\\d+<pipe:\\[(?<inode>\\d+)]>, \\d+<pipe:\\[\\k<inode>]>], O_CLOEXEC\\)"
                + EQ + "0$");
        Pattern resize = Pattern.compile("^fcntl\\(\\d+<pipe:\\[(?<inode>\\d+)]>, F_SETPIPE_SZ, 1048576\\)" + EQ
                + "(?<granted>\\d+)$");
        Pattern fill = Pattern.compile("^splice\\(\\d+<" + file + ">, \\[(?<off>\\d+)], \\d+<pipe:\\[(?<inode>\\d+)]>, "
                + "NULL, (?<len>\\d+), SPLICE_F_MOVE\\)" + EQ + "(?<n>\\d+)$");
        Pattern drain = Pattern.compile("^splice\\(\\d+<pipe:\\[(?<inode>\\d+)]>, NULL, " + socket + ", NULL, "
                + "(?<len>\\d+), (?<flags>SPLICE_F_MOVE(?:\\|SPLICE_F_MORE)?)\\)" + EQ + "(?<n>\\d+)$");

        // The transfers' thread: the one that called sendfile on the file. Any pread64 of the file, from any thread, is a copy.
        Map<String, List<String>> threads = StraceOutput.byThread(Files.readAllLines(trace, StandardCharsets.UTF_8));
        List<String> calls = new ArrayList<>();
        for (List<String> thread : threads.values()) {
            boolean transfers = thread.stream().anyMatch(l -> l.startsWith("sendfile(") && l.contains(DATA));
            for (String line : thread) {
                if ((line.startsWith("pread64(") && line.contains(DATA)) || transfers && (line.startsWith("sendfile(")
                        || line.startsWith("splice(") || line.startsWith("pipe2(") || line.contains("F_SETPIPE_SZ"))) {
                    calls.add(line);
                }
            }
        }
        String where = "\nin the calls traced (whole trace in target/transfer-trace.txt):\n" + String.join("\n", calls);

        long sent = 0;
        String pipe = null;
        long granted = 0;
        long filled = 0;
        long inPipe = 0;
        long drained = 0;
        int drains = 0;
        int drainsWithMore = 0;
        for (String call : calls) {
            Matcher m;
            if ((m = sendfile.matcher(call)).matches()) {
                assertThat(pipe).as("sendfile after the splice transfer began: %s%s", call, where).isNull();
                long off = Long.parseLong(m.group("off"));
                long n = Long.parseLong(m.group("n"));
                assertThat(off).as("offset of %s%s", call, where).isEqualTo(SENDFILE_POSITION + sent);
                assertThat(Long.parseLong(m.group("len"))).as("count of %s", call).isEqualTo(SENDFILE_COUNT - sent);
                assertThat(n).as("result of %s", call).isPositive();
                assertThat(Long.parseLong(m.group("end"))).as("offset after %s", call).isEqualTo(off + n);
                sent += n;
            } else if ((m = pipe2.matcher(call)).matches()) {
                assertThat(pipe).as("a second pipe: %s%s", call, where).isNull();
                assertThat(sent).as("sendfile total before the pipe was made%s", where).isEqualTo(SENDFILE_COUNT);
                pipe = m.group("inode");
            } else if ((m = resize.matcher(call)).matches()) {
                assertThat(m.group("inode")).as("pipe resized: %s%s", call, where).isEqualTo(pipe);
                granted = Long.parseLong(m.group("granted"));
                assertThat(granted).as("pipe size granted").isGreaterThanOrEqualTo(1 << 20);
            } else if ((m = fill.matcher(call)).matches()) {
                assertThat(m.group("inode")).as("pipe of %s%s", call, where).isEqualTo(pipe);
                assertThat(inPipe).as("bytes left in the pipe before %s%s", call, where).isZero();
                assertThat(Long.parseLong(m.group("off"))).as("offset of %s%s", call, where)
                        .isEqualTo(SPLICE_POSITION + filled);
                assertThat(Long.parseLong(m.group("len"))).as("count of %s%s", call, where)
                        .isEqualTo(Math.min(SPLICE_COUNT - filled, granted));
                long n = Long.parseLong(m.group("n"));
                assertThat(n).as("result of %s", call).isPositive();
                filled += n;
                inPipe = n;
            } else if ((m = drain.matcher(call)).matches()) {
                assertThat(m.group("inode")).as("pipe of %s%s", call, where).isEqualTo(pipe);
                assertThat(Long.parseLong(m.group("len"))).as("count of %s%s", call, where).isEqualTo(inPipe);
                boolean more = m.group("flags").endsWith("SPLICE_F_MORE");
                assertThat(more).as("SPLICE_F_MORE on %s (more to come: %s)%s", call, filled < SPLICE_COUNT, where)
                        .isEqualTo(filled < SPLICE_COUNT);
                long n = Long.parseLong(m.group("n"));
                assertThat(n).as("result of %s", call).isPositive();
                inPipe -= n;
                drained += n;
                drains++;
                drainsWithMore += more ? 1 : 0;
            } else if (call.startsWith("sendfile(") || call.startsWith("splice(") || call.startsWith("pread64(")) {
                fail("unexpected call: " + call + where);
            }
        }
        assertThat(sent).as("bytes sendfile sent to the socket%s", where).isEqualTo(SENDFILE_COUNT);
        assertThat(pipe).as("pipe2 of the splice transfer%s", where).isNotNull();
        assertThat(filled).as("bytes spliced into the pipe%s", where).isEqualTo(SPLICE_COUNT);
        assertThat(drained).as("bytes spliced from the pipe to the socket%s", where).isEqualTo(SPLICE_COUNT);
        assertThat(inPipe).isZero();
        assertThat(drainsWithMore).as("drains with SPLICE_F_MORE%s", where).isPositive().isLessThan(drains);
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
