package dev.sluice.sys;

import dev.sluice.testing.ChildJvm;
import dev.sluice.testing.StraceOutput;
import static dev.sluice.sys.SyscallExerciser.ALLOCATED;
import static dev.sluice.sys.SyscallExerciser.COUNT;
import static dev.sluice.sys.SyscallExerciser.DATA;
import static dev.sluice.sys.SyscallExerciser.MADE_DIRECTORY;
import static dev.sluice.sys.SyscallExerciser.MAPPED;
import static dev.sluice.sys.SyscallExerciser.MARK;
import static dev.sluice.sys.SyscallExerciser.PIPE_SIZE;
import static dev.sluice.sys.SyscallExerciser.RENAMED;
import static dev.sluice.sys.SyscallExerciser.SEEK_TO;
import static dev.sluice.sys.SyscallExerciser.SPLICED;
import static dev.sluice.sys.SyscallExerciser.TRUNCATED;
import static dev.sluice.sys.SyscallExerciser.VECTOR_COUNT;
import static dev.sluice.sys.SyscallExerciser.VIA_OPENAT;
import static dev.sluice.sys.SyscallExerciser.VIA_OPENAT2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link SyscallExerciser} in a child JVM under strace and checks that every {@link Syscall}
 * reached the kernel: for each one, the exerciser's own thread made the call with arguments only it
 * uses (its files, seen through {@code strace -y}, and its distinctive sizes), so the JVM's own
 * mmap, close, fcntl... calls cannot stand in for sluice's.
 *
 * <p>After a successful run it writes one strace line per syscall to
 * {@code target/syscall-trace-excerpt.txt}; the whole trace is kept in {@code target/syscall-trace.txt}.
 */
class SyscallTraceTest {
    private static final Path STRACE = Path.of("/usr/bin/strace");
    private static final long TIMEOUT_SECONDS = 120;
    private static final Path TARGET = Path.of(System.getProperty("basedir", "."), "target");
    private static final Path EXCERPT = TARGET.resolve("syscall-trace-excerpt.txt");
    private static final Path FULL_TRACE = TARGET.resolve("syscall-trace.txt");
    /** strace pads short lines to align results: "mlock(0x7f.., 13522)      = 0". */
    private static final String EQ = "\\s+= ";
    /** Every class of syscall strace knows: negated, it leaves only the calls strace cannot name. */
    private static final String UNNAMED_ONLY = "!%memory,%file,%desc,%process,%signal,%network,%ipc,%creds,%clock,%pure";
    private static final Pattern VARIABLE = Pattern.compile("@@([a-zA-Z]+)@@");
    private static final String NEVER = "(?!)";

    /**
     * One line the trace must hold. {@code straceNames} are the names strace may print for the call
     * (the first is the usual one on x86_64); {@code template} is a regex over the line without its
     * thread id, in which @@name@@ stands for a value captured by a named group of an earlier expectation.
     */
    private record Expectation(Syscall syscall, List<String> straceNames, String template) {
    }

    @Test
    void everyBoundSyscallReachesTheKernel(@TempDir Path tmp) throws Exception {
        assertTrue(Files.isExecutable(STRACE), STRACE + " is the oracle of this test: install strace");
        assumeTrue("amd64".equals(System.getProperty("os.arch")),
                "the strace names checked are those of x86_64, not " + System.getProperty("os.arch"));

        Path dir = Files.createDirectory(tmp.resolve("files")).toRealPath();
        Path trace = tmp.resolve("trace");
        Path output = tmp.resolve("child-output");
        List<Expectation> expectations = expectations(dir);

        List<String> command = new ArrayList<>(List.of(STRACE.toString(), "-f", "-qq", "-yy", "-o", trace.toString(),
                "-e", "signal=none"));
        command.addAll(traceFilter(expectations, tmp));
        command.addAll(ChildJvm.command(SyscallExerciser.class, dir.toString()));

        int exit = ChildJvm.runToCompletion(command, output, TIMEOUT_SECONDS);
        String childOutput = read(output);
        if (Files.exists(trace)) {
            Files.createDirectories(TARGET);
            Files.copy(trace, FULL_TRACE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        // strace exits with the traced command's status.
        assertEquals(0, exit, () -> "the exerciser (or strace) failed; command: "
                + String.join(" ", command) + "\noutput:\n" + childOutput);
        assertTrue(childOutput.contains(MARK + "end"), () -> "the exerciser did not finish; output:\n" + childOutput);

        Map<String, List<String>> byThread = StraceOutput.byThread(Files.readAllLines(trace, StandardCharsets.UTF_8));
        String marker = "\"" + MARK + "begin\\n\"";
        String mainThread = byThread.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(l -> l.startsWith("write(1") && l.contains(marker)))
                .map(Map.Entry::getKey).findFirst()
                .orElseGet(() -> fail("no write of " + marker + " in the trace (kept in " + FULL_TRACE + ")"));
        List<String> lines = byThread.get(mainThread);

        Map<String, String> captured = new HashMap<>();
        Map<Syscall, String> representative = new LinkedHashMap<>();
        Map<Syscall, String> straceName = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (Expectation e : expectations) {
            Pattern pattern = Pattern.compile(resolve(e.template(), captured));
            String found = null;
            for (String line : lines) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    found = line;
                    for (String group : m.namedGroups().keySet()) {
                        captured.put(group, m.group(group));
                    }
                    break;
                }
            }
            if (found == null) {
                failures.add(describeMissing(e, pattern, lines, byThread));
            } else {
                representative.putIfAbsent(e.syscall(), found);
                straceName.putIfAbsent(e.syscall(), found.substring(0, found.indexOf('(')));
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " expected call(s) missing from thread " + mainThread + " of the trace (whole trace: "
                    + FULL_TRACE + "):\n\n" + String.join("\n\n", failures) + "\n\nexerciser output:\n" + childOutput);
        }
        assertEquals(Set.of(Syscall.values()), representative.keySet(), "a Syscall value has no expectation");

        writeExcerpt(representative, straceName);
    }

    /**
     * What each call looks like in the trace when the exerciser makes it (x86_64, glibc): glibc's open
     * is openat(AT_FDCWD, ...), fstat is newfstatat(fd, "", ..., AT_EMPTY_PATH) (fstat before glibc
     * 2.33), pread/pwrite are pread64/pwrite64, posix_fadvise is fadvise64, getrlimit is prlimit64,
     * and cachestat is syscall_0x1c3 to a strace older than 6.5. The switch has no default, so a new
     * Syscall value does not compile until it is given one.
     */
    private static List<Expectation> expectations(Path dir) {
        String d = Pattern.quote(dir.toString());
        String dirFd = "\\d+<" + d + ">";
        String data = "\\d+<" + Pattern.quote(dir.resolve(DATA).toString()) + ">";
        String spliced = "\\d+<" + Pattern.quote(dir.resolve(SPLICED).toString()) + ">";
        String pipe = "\\d+<pipe:\\[\\d+\\]>";
        String socket = "\\d+<(?:socket:\\[\\d+\\]|TCP(?:v6)?:\\[\\S*127\\.0\\.0\\.1\\S*])>";
        String newFd = "\\d+(?:<[^>]*>)?$";
        String n = Integer.toString(COUNT);
        String v = Integer.toString(VECTOR_COUNT);
        String t = Long.toString(TRUNCATED);
        String m = Long.toString(MAPPED);
        String mapped = "@@mapAddr@@, " + m;

        List<Expectation> all = new ArrayList<>();
        for (Syscall s : Syscall.values()) {
            List<Expectation> forCall = switch (s) {
                case OPEN -> List.of(expect(s, "openat,open",
                        "^(?:openat\\(AT_FDCWD(?:<[^>]*>)?, |open\\()\"" + d + "/" + Pattern.quote(DATA)
                                + "\", [^)]*\\)" + EQ + "(?<dataFd>\\d+)(?:<[^>]*>)?$"));
                case OPENAT -> List.of(expect(s, "openat",
                        "^openat\\(" + dirFd + ", \"" + Pattern.quote(VIA_OPENAT) + "\", [^)]*\\)" + EQ + newFd));
                case OPENAT2 -> List.of(expect(s, "openat2",
                        "^openat2\\(" + dirFd + ", \"" + Pattern.quote(VIA_OPENAT2)
                                + "\", \\{[^}]*resolve=[^}]*RESOLVE_BENEATH[^}]*}, 24\\)" + EQ + newFd));
                // The NativeFile's own descriptor (the mapping's duplicate is closed too, earlier).
                case CLOSE -> List.of(expect(s, "close", "^close\\(@@dataFd@@<" + Pattern.quote(dir.resolve(DATA).toString())
                        + ">\\)" + EQ + "0$"));
                case READ -> List.of(expect(s, "read", "^read\\(" + pipe + ", .*, " + n + "\\)" + EQ + n + "$"));
                case WRITE -> List.of(expect(s, "write", "^write\\(" + pipe + ", .*, " + n + "\\)" + EQ + n + "$"));
                case PREAD -> List.of(expect(s, "pread64",
                        "^pread64\\(" + data + ", .*, " + n + ", 0\\)" + EQ + n + "$"));
                case PWRITE -> List.of(expect(s, "pwrite64",
                        "^pwrite64\\(" + data + ", .*, " + n + ", 0\\)" + EQ + n + "$"));
                case PREADV2 -> List.of(expect(s, "preadv2",
                        "^preadv2\\(" + data + ", \\[\\{iov_base=.*, iov_len=" + v + "}], 1, " + n + ", 0\\)"
                                + EQ + v + "$"));
                case PWRITEV2 -> List.of(expect(s, "pwritev2",
                        "^pwritev2\\(" + data + ", \\[\\{iov_base=.*, iov_len=" + v + "}], 1, " + n + ", RWF_DSYNC\\)"
                                + EQ + v + "$"));
                case LSEEK -> List.of(expect(s, "lseek",
                        "^lseek\\(" + data + ", " + SEEK_TO + ", SEEK_SET\\)" + EQ + SEEK_TO + "$"));
                case FSTAT -> List.of(expect(s, "newfstatat,fstat",
                        "^(?:newfstatat\\(" + data + ", \"\", |fstat\\(" + data + ", )\\{[^}]*st_size=" + t
                                + "[^}]*}(?:, AT_EMPTY_PATH)?\\)" + EQ + "0$"));
                case FSYNC -> List.of(expect(s, "fsync", "^fsync\\(" + data + "\\)" + EQ + "0$"));
                case FDATASYNC -> List.of(expect(s, "fdatasync", "^fdatasync\\(" + data + "\\)" + EQ + "0$"));
                case FTRUNCATE -> List.of(expect(s, "ftruncate", "^ftruncate\\(" + data + ", " + t + "\\)" + EQ + "0$"));
                case FALLOCATE -> List.of(expect(s, "fallocate",
                        "^fallocate\\(" + data + ", FALLOC_FL_KEEP_SIZE, 0, " + ALLOCATED + "\\)" + EQ + "0$"));
                case POSIX_FADVISE -> List.of(expect(s, "fadvise64",
                        "^fadvise64\\(" + data + ", 0, " + t + ", POSIX_FADV_WILLNEED\\)" + EQ + "0$"));
                case READAHEAD -> List.of(expect(s, "readahead",
                        "^readahead\\(" + data + ", 0, " + t + "\\)" + EQ + "0$"));
                case SYNC_FILE_RANGE -> List.of(expect(s, "sync_file_range",
                        "^sync_file_range\\(" + data + ", 0, " + t
                                + ", SYNC_FILE_RANGE_WRITE\\|SYNC_FILE_RANGE_WAIT_AFTER\\)" + EQ + "0$"));
                case MMAP -> List.of(expect(s, "mmap",
                        "^mmap\\(NULL, " + m + ", PROT_READ\\|PROT_WRITE, MAP_SHARED, " + data + ", 0\\)"
                                + EQ + "(?<mapAddr>0x[0-9a-f]+)$"));
                case MUNMAP -> List.of(expect(s, "munmap", "^munmap\\(" + mapped + "\\)" + EQ + "0$"));
                case MADVISE -> List.of(expect(s, "madvise", "^madvise\\(" + mapped + ", MADV_COLD\\)" + EQ + "0$"));
                case MSYNC -> List.of(expect(s, "msync", "^msync\\(" + mapped + ", MS_SYNC\\)" + EQ + "0$"));
                case MINCORE -> List.of(expect(s, "mincore", "^mincore\\(" + mapped + ", \\[[^]]*]\\)" + EQ + "0$"));
                case MLOCK -> List.of(expect(s, "mlock", "^mlock\\(" + mapped + "\\)" + EQ + "0$"));
                case MUNLOCK -> List.of(expect(s, "munlock", "^munlock\\(" + mapped + "\\)" + EQ + "0$"));
                case SENDFILE -> List.of(expect(s, "sendfile",
                        "^sendfile\\(" + socket + ", " + data + ", \\[0] => \\[" + n + "], " + n + "\\)" + EQ + n + "$"));
                case SPLICE -> List.of(
                        expect(s, "splice", "^splice\\(" + data + ", \\[0], " + pipe + ", NULL, " + n + ", 0\\)"
                                + EQ + n + "$"),
                        expect(s, "splice", "^splice\\(" + pipe + ", NULL, " + spliced + ", \\[" + n + "], " + n
                                + ", 0\\)" + EQ + n + "$"));
                case TEE -> List.of(expect(s, "tee",
                        "^tee\\(\\d+<pipe:\\[(?<teeIn>\\d+)]>, \\d+<pipe:\\[(?<teeOut>\\d+)]>, " + n + ", 0\\)"
                                + EQ + n + "$"));
                case VMSPLICE -> List.of(expect(s, "vmsplice",
                        "^vmsplice\\(" + pipe + ", \\[\\{iov_base=.*, iov_len=" + n + "}], 1, 0\\)" + EQ + n + "$"));
                // The two pipes of the tee: the blocking one (its source) and the non-blocking one.
                case PIPE2 -> List.of(
                        expect(s, "pipe2", "^pipe2\\(\\[\\d+<pipe:\\[@@teeIn@@]>, \\d+<pipe:\\[@@teeIn@@]>], O_CLOEXEC\\)"
                                + EQ + "0$"),
                        expect(s, "pipe2", "^pipe2\\(\\[\\d+<pipe:\\[@@teeOut@@]>, \\d+<pipe:\\[@@teeOut@@]>], "
                                + "(?:O_NONBLOCK\\|O_CLOEXEC|O_CLOEXEC\\|O_NONBLOCK)\\)" + EQ + "0$"));
                case FCNTL -> List.of(
                        expect(s, "fcntl", "^fcntl\\(" + data + ", F_GETFD\\)" + EQ + "0x1 \\(flags FD_CLOEXEC\\)$"),
                        expect(s, "fcntl", "^fcntl\\(" + data + ", F_DUPFD_CLOEXEC, 0\\)" + EQ + newFd),
                        expect(s, "fcntl", "^fcntl\\(" + pipe + ", F_GETPIPE_SZ\\)" + EQ + "\\d+$"),
                        expect(s, "fcntl", "^fcntl\\(" + pipe + ", F_SETPIPE_SZ, " + PIPE_SIZE + "\\)"
                                + EQ + PIPE_SIZE + "$"));
                case FLOCK -> List.of(expect(s, "flock", "^flock\\(" + data + ", LOCK_EX\\|LOCK_NB\\)" + EQ + "0$"));
                // Older strace cannot decode cachestat (451 = 0x1c3), so it prints the descriptor in hex.
                case CACHESTAT -> List.of(expect(s, "cachestat,syscall_0x1c3",
                        "^(?:cachestat\\(" + data + ", .*|syscall_0x1c3\\(@@dataFdHex@@, .*)\\)" + EQ + "0$"));
                // Only the exerciser's statx names a descriptor with an empty path; the JVM's name files.
                case STATX -> List.of(expect(s, "statx",
                        "^statx\\(" + data + ", \"\", \\S*AT_EMPTY_PATH, \\S+, \\{.*}\\)" + EQ + "0$"));
                case RENAMEAT -> List.of(expect(s, "renameat,renameat2",
                        "^renameat2?\\(" + dirFd + ", \"" + Pattern.quote(VIA_OPENAT2) + "\", " + dirFd + ", \""
                                + Pattern.quote(RENAMED) + "\"(?:, 0)?\\)" + EQ + "0$"));
                case UNLINKAT -> List.of(expect(s, "unlinkat",
                        "^unlinkat\\(" + dirFd + ", \"" + Pattern.quote(RENAMED) + "\", 0\\)" + EQ + "0$"));
                case MKDIRAT -> List.of(expect(s, "mkdirat",
                        "^mkdirat\\(" + dirFd + ", \"" + Pattern.quote(MADE_DIRECTORY) + "\", 0750\\)" + EQ + "0$"));
                case GETRLIMIT -> List.of(expect(s, "prlimit64,getrlimit",
                        "^(?:prlimit64\\(0, RLIMIT_MEMLOCK, NULL, |getrlimit\\(RLIMIT_MEMLOCK, )\\{.*}\\)" + EQ + "0$"));
            };
            all.addAll(forCall);
        }
        return all;
    }

    private static Expectation expect(Syscall syscall, String straceNames, String template) {
        return new Expectation(syscall, List.of(straceNames.split(",")), template);
    }

    /** The template with each @@name@@ replaced by its captured value, or by a never-matching regex if none. */
    private static String resolve(String template, Map<String, String> captured) {
        Map<String, String> values = new HashMap<>(captured);
        if (captured.containsKey("dataFd")) {
            values.put("dataFdHex", "0x" + Integer.toHexString(Integer.parseInt(captured.get("dataFd"))));
        }
        return VARIABLE.matcher(template).replaceAll(r -> Matcher.quoteReplacement(
                values.containsKey(r.group(1)) ? Pattern.quote(values.get(r.group(1))) : NEVER));
    }

    /**
     * The -e trace= options: every strace name of the expectations that this strace knows. If it does
     * not know some (cachestat before strace 6.5), the calls it cannot name are traced as well, which
     * is how they show up as syscall_0x...
     */
    private static List<String> traceFilter(List<Expectation> expectations, Path tmp) throws Exception {
        Set<String> names = new LinkedHashSet<>();
        for (Expectation e : expectations) {
            for (String name : e.straceNames()) {
                if (!name.startsWith("syscall_0x")) {
                    names.add(name);
                }
            }
        }
        boolean dropped = false;
        Pattern invalid = Pattern.compile("invalid system call '([a-z0-9_]+)'");
        while (true) {
            Path out = tmp.resolve("strace-probe");
            Process probe = new ProcessBuilder(STRACE.toString(), "-qq", "-o", "/dev/null", "-e",
                    "trace=" + String.join(",", names), "true").redirectErrorStream(true).redirectOutput(out.toFile())
                    .start();
            if (!probe.waitFor(30, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                fail("strace did not run 'true' within 30 s");
            }
            String said = read(out);
            Matcher m = invalid.matcher(said);
            if (probe.exitValue() == 0) {
                break;
            } else if (m.find() && names.remove(m.group(1))) {
                dropped = true;
            } else {
                fail("strace cannot trace here (exit " + probe.exitValue() + "): " + said);
            }
        }
        List<String> options = new ArrayList<>();
        if (dropped) {
            options.addAll(List.of("-e", "trace=" + UNNAMED_ONLY));
        }
        options.addAll(List.of("-e", "trace=" + String.join(",", names)));
        return options;
    }

    private static String describeMissing(Expectation e, Pattern pattern, List<String> lines,
                                          Map<String, List<String>> byThread) {
        StringBuilder s = new StringBuilder().append(e.syscall()).append(" (").append(e.syscall().cName())
                .append(" -> ").append(String.join(" or ", e.straceNames())).append("): no line matches\n    ")
                .append(pattern.pattern()).append('\n');
        List<String> same = new ArrayList<>();
        for (String line : lines) {
            for (String name : e.straceNames()) {
                if (line.startsWith(name + "(")) {
                    same.add(line);
                }
            }
        }
        long elsewhere = byThread.values().stream().filter(l -> l != lines).flatMap(List::stream)
                .filter(l -> e.straceNames().stream().anyMatch(name -> l.startsWith(name + "("))).count();
        s.append("  the exerciser's thread made ").append(same.size()).append(" such call(s)")
                .append(same.isEmpty() ? "" : ", the last ones:").append('\n');
        for (String line : same.subList(Math.max(0, same.size() - 15), same.size())) {
            s.append("    ").append(line).append('\n');
        }
        s.append("  other threads made ").append(elsewhere);
        return s.toString();
    }

    private static void writeExcerpt(Map<Syscall, String> lines, Map<Syscall, String> straceNames) throws Exception {
        StringBuilder out = new StringBuilder()
                .append("# One strace line per dev.sluice.sys.Syscall, made by SyscallExerciser's thread (SyscallTraceTest).\n")
                .append("# ").append(firstLine(STRACE.toString(), "-V")).append(", Linux ")
                .append(KernelFeatures.kernelRelease()).append(", ").append(System.getProperty("os.arch"))
                .append(", Java ").append(Runtime.version()).append('\n')
                .append("# Syscall (C name -> strace name): line\n");
        for (Syscall s : Syscall.values()) {
            out.append(String.format("%-16s %-38s %s%n", s, "(" + s.cName() + " -> " + straceNames.get(s) + ")",
                    lines.get(s)));
        }
        Files.createDirectories(TARGET);
        Files.writeString(EXCERPT, out);
        System.out.println("strace excerpt written to " + EXCERPT.toAbsolutePath().normalize());
    }

    private static String firstLine(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return text.lines().findFirst().orElse("").trim();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
