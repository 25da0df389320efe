package dev.sluice.log;

import dev.sluice.testing.ChildJvm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Real ENOSPC and EFBIG from the kernel, not injected: a child JVM ({@link RealDiskFullChild}) fills a
 * log until the kernel refuses, and must get a clean IOException naming the errno, a log that reopens
 * with every acknowledged record, and appends that resume once there is room.
 *
 * <ul>
 * <li>ENOSPC: a 4 MiB tmpfs, mounted in a private mount namespace ({@code unshare -m}, so it needs
 *     root, or a user namespace) and gone with the child.
 * <li>EFBIG: {@code ulimit -f 2048} (1 MiB) and segments of 4 MiB. A write past RLIMIT_FSIZE raises
 *     SIGXFSZ, whose default action kills the process (with a core). HotSpot (JDK 25, checked in
 *     /proc/PID/status: SigCgt has bit 25 set, with and without -Xrs) catches SIGXFSZ and ignores it,
 *     so the write returns EFBIG and the JVM lives; the test passes without the trap too. The shell
 *     still sets {@code trap '' XFSZ} before exec (an ignored disposition survives exec) so the test does
 *     not depend on that: it covers the JVM's start-up, before its handlers are installed, and other JVMs.
 * </ul>
 */
class RealDiskFullTest {
    private static final long TIMEOUT_SECONDS = 120;
    private static final Pattern SUMMARY = Pattern.compile(
            "summary (\\w+) acked=(\\d+) recovered=(\\d+) resumed=(\\d+) total=(\\d+) ok");

    @TempDir
    Path root;

    @Test
    void aFullFileSystemGivesEnospcAndTheLogRecoversAndResumes() throws Exception {
        Path unshare = Path.of("/usr/bin/unshare");
        if (!Files.isExecutable(unshare) && !Files.isExecutable(Path.of("/bin/unshare"))) {
            fail("this test needs unshare(1) from util-linux to mount a small tmpfs privately; it is not installed");
        }
        Path mnt = Files.createDirectory(root.resolve("mnt"));
        List<String> command = new ArrayList<>(List.of("unshare", "-m", "sh", "-c",
                "mount -t tmpfs -o size=4m none \"$0\" && exec \"$@\"", mnt.toString()));
        command.addAll(java("enospc", mnt));
        List<String> out = run(command, "enospc");
        String error = line(out, "error ");
        assertThat(error).as("the append's error").contains("ENOSPC").contains("No space left on device")
                .containsAnyOf("pwrite(", "openat2(", "open(", "fdatasync(");
        assertThat(error).startsWith("error dev.sluice");
        Matcher m = summary(out, "enospc");
        assertThat(Long.parseLong(m.group(2))).as("records acknowledged before the disk was full").isGreaterThan(100);
        assertThat(Long.parseLong(m.group(3))).isGreaterThanOrEqualTo(Long.parseLong(m.group(2)));
        assertThat(Long.parseLong(m.group(4))).as("appends after freeing space").isEqualTo(100);
        assertThat(mnt).as("the tmpfs was private to the child").isEmptyDirectory();
    }

    @Test
    void aFileSizeLimitGivesEfbigAndSmallerSegmentsResume() throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "trap '' XFSZ; ulimit -f 2048 && exec \"$@\"",
                "sh"));
        command.addAll(java("efbig", root));
        List<String> out = run(command, "efbig");
        String error = line(out, "error ");
        assertThat(error).as("the append's error").contains("EFBIG").contains("File too large").contains("pwrite(");
        Matcher m = summary(out, "efbig");
        assertThat(Long.parseLong(m.group(2))).as("records acknowledged below the limit").isGreaterThan(100);
        assertThat(Long.parseLong(m.group(4))).isEqualTo(100);
    }

    private static List<String> java(String mode, Path dir) {
        return ChildJvm.command(List.of("-XX:-CreateCoredumpOnCrash", "-Xshare:auto"), RealDiskFullChild.class,
                mode, dir.toString());
    }

    private List<String> run(List<String> command, String name) throws IOException, InterruptedException {
        Path out = root.resolve(name + ".out");
        Path err = root.resolve(name + ".err");
        Process child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean done = child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!done) {
            child.destroyForcibly().waitFor();
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        String report = "\n--- child stdout ---\n" + String.join("\n", lines) + "\n--- child stderr ---\n"
                + String.join("\n", Files.readAllLines(err, StandardCharsets.UTF_8).stream().limit(40).toList());
        System.out.println(name + ":" + report);
        assertThat(done).as("the child finished within %d s%s", TIMEOUT_SECONDS, report).isTrue();
        assertThat(child.exitValue()).as("the child's exit status (a signal is 128 + n)%s", report).isZero();
        return lines;
    }

    private static String line(List<String> out, String prefix) {
        return out.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in " + out));
    }

    private static Matcher summary(List<String> out, String mode) {
        Matcher m = SUMMARY.matcher(line(out, "summary "));
        assertThat(m.matches()).as("summary line").isTrue();
        assertThat(m.group(1)).isEqualTo(mode);
        return m;
    }
}
