package dev.sluice.cli;

import dev.sluice.testing.LauncherCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code ./sluice} launcher as a newcomer runs it: finds a JDK, runs the CLI as a module. */
@Timeout(120)
class LauncherIT {
    private record Run(int exit, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        return runIn(Path.of("").toAbsolutePath(), env, command);
    }

    private static Run runIn(Path directory, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().putAll(env);
        Path out = Files.createTempFile("sluice-out", ".txt");
        Path err = Files.createTempFile("sluice-err", ".txt");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(100, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out); // one pair per run: mvn verify used to leave them all in /tmp
            Files.deleteIfExists(err);
        }
    }

    @Test
    void helpAndFeaturesRunOnTheModulePathWithNativeAccess() throws Exception {
        Run help = run(Map.of(), "./sluice", "--help");
        assertThat(help.exit()).as(help.err()).isZero();
        assertThat(help.out()).contains("features");
        Run features = run(Map.of(), "./sluice", "features");
        assertThat(features.exit()).as(features.err()).isZero();
        assertThat(features.out()).contains("cachestat").contains("openat2");
        assertThat(features.err()).doesNotContain("WARNING");
    }

    @Test
    void aUsageErrorIsOneLineAndExitTwo() throws Exception {
        Run run = run(Map.of(), "./sluice", "no-such-command");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    private static String[] javaOnModulePath(String... jvmOptions) throws IOException {
        return javaOnModulePath(List.of(jvmOptions), "features");
    }

    private static String[] javaOnModulePath(List<String> jvmOptions, String... arguments) throws IOException {
        String modulePath = LauncherCopy.builtJar(Path.of("target")) + ":target/lib";
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(jvmOptions);
        command.addAll(List.of("-p", modulePath, "--add-modules", "ALL-MODULE-PATH", "-m", "dev.sluice/dev.sluice.cli.Main"));
        command.addAll(List.of(arguments));
        return command.toArray(String[]::new);
    }

    @Test
    void withoutEnableNativeAccessTheUserIsToldTheExactFlag() throws Exception {
        Run run = run(Map.of(), javaOnModulePath());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("--enable-native-access=dev.sluice");
    }

    static boolean jdkCanDenyNativeAccess() {
        return Runtime.version().feature() >= 24;
    }

    @Test
    @EnabledIf("jdkCanDenyNativeAccess")
    void whenNativeAccessIsDeniedTheCliSaysWhichFlagInOneLine() throws Exception {
        Run run = run(Map.of(), javaOnModulePath("--illegal-native-access=deny"));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("native access is denied; pass --enable-native-access=dev.sluice to java");
    }

    @Test
    @EnabledIf("jdkCanDenyNativeAccess")
    void versionAndHelpNeedNoNativeAccess() throws Exception {
        for (String asked : List.of("--version", "--help")) {
            Run run = run(Map.of(), javaOnModulePath(List.of("--illegal-native-access=deny"), asked));
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("sluice");
        }
    }

    /** Start-up links only the downcalls a command makes (each FfmLibc holder class is one handle). */
    @Test
    void aCommandLinksOnlyTheDowncallsItMakes() throws Exception {
        Path file = Files.createTempFile("sluice-linked", ".bin");
        try {
            Files.write(file, new byte[1 << 20]);
            Run version = run(Map.of(), javaOnModulePath(List.of("-Xlog:class+load"), "--version"));
            assertThat(version.out()).doesNotContain("dev.sluice.sys.Linux").doesNotContain("dev.sluice.sys.FfmLibc");
            Run stat = run(Map.of(), javaOnModulePath(List.of("--enable-native-access=dev.sluice", "-Xlog:class+load"),
                    "cache", "stat", file.toString()));
            assertThat(stat.exit()).as(stat.err()).isZero();
            long linked = stat.out().lines().filter(line -> line.contains("dev.sluice.sys.FfmLibc$")).count();
            assertThat(linked).as("downcall handles linked by cache stat").isBetween(1L, 8L);
            assertThat(stat.out()).as("the CLI parses its arguments itself").doesNotContain(" picocli.");
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void aProgressBarShowsOnATerminalAndNotInAPipe() throws Exception {
        Path file = Files.createTempFile("sluice-warm", ".bin");
        try {
            Files.write(file, new byte[64 << 20]);
            // script(1) runs the command on a pseudo-terminal
            Run terminal = run(Map.of(), "script", "-qec", "./sluice cache warm " + file, "/dev/null");
            assertThat(terminal.exit()).as(terminal.out()).isZero();
            assertThat(terminal.out()).contains("] 100% warming " + file).contains("warmed " + file);
            Run piped = run(Map.of(), "./sluice", "cache", "warm", file.toString());
            assertThat(piped.exit()).isZero();
            assertThat(piped.err()).isEmpty();
            assertThat(piped.out()).doesNotContain("\r").doesNotContain("%] ").contains("warmed " + file);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void cacheLockHoldsUntilInterrupted() throws Exception {
        Path file = Files.createTempFile("sluice-lock", ".bin");
        Files.write(file, new byte[1 << 20]);
        Process lock = new ProcessBuilder("./sluice", "cache", "lock", file.toString())
                .redirectErrorStream(true).start();
        try {
            var reader = new java.io.BufferedReader(new java.io.InputStreamReader(lock.getInputStream()));
            assertThat(reader.readLine()).isEqualTo("locked " + file + ": 1048576 bytes");
            assertThat(reader.readLine()).startsWith("holding 1 file(s) in memory");
            assertThat(lock.isAlive()).isTrue();
        } finally {
            lock.destroy(); // SIGTERM, as Ctrl-C would
            assertThat(lock.waitFor(10, TimeUnit.SECONDS)).isTrue();
            Files.delete(file);
        }
    }

    /** Every JDK >= 22 under /usr/lib/jvm, to hide: a shell fragment mounting an empty tmpfs over each. */
    private static String hideJdks22() throws IOException {
        StringBuilder mounts = new StringBuilder();
        try (var homes = Files.list(Path.of("/usr/lib/jvm"))) {
            for (Path home : homes.toList()) {
                Path release = home.resolve("release");
                if (!Files.isSymbolicLink(home) && Files.isRegularFile(release)) {
                    var m = java.util.regex.Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
                    if (m.find() && Integer.parseInt(m.group(1)) >= 22) {
                        mounts.append("mount -t tmpfs none ").append(home).append(" && ");
                    }
                }
            }
        }
        return mounts.toString();
    }

    @Test
    @EnabledIf("canHideJdks")
    void withoutAnyJdk22MavenSaysWhatToInstall() throws Exception {
        Run run = run(Map.of("JAVA_HOME", "", "HOME", "/root"), "unshare", "-m", "sh", "-c",
                hideJdks22() + "exec mvn -B -q -Dstyle.color=never validate");
        assertThat(run.exit()).isNotZero();
        assertThat(run.out() + run.err()).contains("sluice needs a JDK 22 or newer and found none")
                .contains("install one, e.g. Temurin 25");
    }

    static boolean canDropToNobody() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv"));
    }

    @Test
    @EnabledIf("canDropToNobody")
    void aDirectoryWithoutPermissionIsOneLineAndTheRestGoesOn() throws Exception {
        // nobody runs a copy of the launcher: the clone's parents may be private to root (issue 14, defect 7)
        try (LauncherCopy launcher = LauncherCopy.of(Path.of("").toAbsolutePath())) {
            permissionDeniedAsNobody(launcher);
        }
    }

    private static Run asNobody(LauncherCopy launcher, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                launcher.launcher().toString()));
        command.addAll(List.of(args));
        return runIn(launcher.root(), Map.of("HOME", "/tmp"), command.toArray(String[]::new));
    }

    private static void permissionDeniedAsNobody(LauncherCopy launcher) throws Exception {
        Path top = Files.createTempDirectory("sluice-perm");
        Path locked = Files.createDirectory(top.resolve("locked"));
        Path readable = Files.write(top.resolve("readable"), new byte[4096]);
        try {
            Files.write(locked.resolve("inside"), new byte[10]);
            Files.setPosixFilePermissions(top, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(readable, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(locked, java.util.Set.of());
            // as user nobody, for whom root's permission bypass does not apply
            Run run = asNobody(launcher, "cache", "stat", top.toString(), locked.resolve("inside").toString());
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err().lines()).containsExactly(
                    "sluice: cache stat: " + locked + ": permission denied",
                    "sluice: cache stat: " + locked.resolve("inside") + ": permission denied");
            // cachestat refuses a file nobody may not write (EPERM): mincore answers, and says it over-reports
            assertThat(run.out()).contains(readable.toString());
            Run json = asNobody(launcher, "cache", "stat", "--json", readable.toString());
            assertThat(json.exit()).as(json.err()).isZero();
            assertThat(json.out()).contains("\"source\": \"mincore\"").contains("\"overReported\": true");
        } finally {
            Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            Files.delete(locked.resolve("inside"));
            Files.delete(locked);
            Files.delete(readable);
            Files.delete(top);
        }
    }

    static boolean canHideJdks() {
        return Files.isDirectory(Path.of("/usr/lib/jvm")) && "root".equals(System.getProperty("user.name"))
                && Files.isExecutable(Path.of("/usr/bin/unshare"));
    }

    @Test
    @EnabledIf("canHideJdks")
    void withoutAnyJdk22TheLauncherSaysWhatToInstallInOneLine() throws Exception {
        // A private mount namespace where /usr/lib/jvm is empty and no java is on the PATH.
        List<String> command = new ArrayList<>(List.of("unshare", "-m", "sh", "-c",
                "mount -t tmpfs none /usr/lib/jvm && exec ./sluice features"));
        Run run = run(Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", "", "HOME", "/nonexistent"),
                command.toArray(String[]::new));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("no JDK 22 or newer found").contains("install one");
    }
}
