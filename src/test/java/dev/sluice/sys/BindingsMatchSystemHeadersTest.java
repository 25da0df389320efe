package dev.sluice.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the jextract output against what gcc makes of sluice.h on this machine: every included
 * constant's value, every included struct's size and field offsets.
 */
class BindingsMatchSystemHeadersTest {

    private static final Path HEADER = Path.of("native-headers/sluice.h").toAbsolutePath();
    private static final Path JEXTRACT_ARGS = Path.of("native-headers/jextract.args");

    @Test
    void constantsAndStructLayoutsMatchGcc(@TempDir Path dir) throws Exception {
        List<String> args = Files.readAllLines(JEXTRACT_ARGS);
        List<String> constants = option(args, "--include-constant");
        List<String> structs = option(args, "--include-struct");
        assertFalse(constants.isEmpty() || structs.isEmpty(), "no constants or structs found in " + JEXTRACT_ARGS);

        // Keyed like the probe's output lines: "NAME", "sizeof NAME", "offsetof NAME.FIELD".
        Map<String, Long> expected = new LinkedHashMap<>();
        StringBuilder probe = new StringBuilder()
                // First line, so that sluice.h's _GNU_SOURCE precedes every libc header.
                .append("#include \"").append(HEADER).append("\"\n")
                .append("#include <stddef.h>\n#include <stdio.h>\n\nint main(void) {\n");
        for (String name : constants) {
            expected.put(name, ((Number) Linux.class.getDeclaredMethod(name).invoke(null)).longValue());
            probe.append(printf(name, name));
        }
        for (String struct : structs) {
            GroupLayout layout = (GroupLayout) Class.forName(Linux.class.getPackageName() + "." + struct)
                    .getDeclaredMethod("layout").invoke(null);
            expected.put("sizeof " + struct, layout.byteSize());
            probe.append(printf("sizeof " + struct, "sizeof(struct " + struct + ")"));
            for (MemoryLayout member : layout.memberLayouts()) {
                if (member instanceof PaddingLayout || member.name().isEmpty()) {
                    continue;
                }
                String field = member.name().get();
                expected.put("offsetof " + struct + "." + field,
                        layout.byteOffset(MemoryLayout.PathElement.groupElement(field)));
                probe.append(printf("offsetof " + struct + "." + field, "offsetof(struct " + struct + ", " + field + ")"));
            }
        }
        probe.append("    return 0;\n}\n");
        Files.writeString(dir.resolve("probe.c"), probe);

        Result gcc = run(dir, "gcc", "-std=gnu11", "-Wall", "-Werror", "-o", "probe", "probe.c");
        assertEquals(0, gcc.exit(), () -> "probe.c does not compile:\n" + gcc.err());
        Result ran = run(dir, dir.resolve("probe").toString());
        assertEquals(0, ran.exit(), () -> "probe failed:\n" + ran.err());

        Map<String, Long> actual = new HashMap<>();
        for (String line : ran.out().lines().toList()) {
            int space = line.lastIndexOf(' ');
            actual.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
        }

        List<String> mismatches = new ArrayList<>();
        int constantsChecked = 0, structsChecked = 0, fieldsChecked = 0;
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            Long c = actual.get(e.getKey());
            if (c == null) {
                mismatches.add(e.getKey() + ": missing from the probe's output");
                continue;
            }
            if (!c.equals(e.getValue())) {
                mismatches.add(e.getKey() + ": Java " + e.getValue() + ", C " + c);
            }
            if (e.getKey().startsWith("sizeof ")) {
                structsChecked++;
            } else if (e.getKey().startsWith("offsetof ")) {
                fieldsChecked++;
            } else {
                constantsChecked++;
            }
        }
        assertTrue(mismatches.isEmpty(),
                () -> mismatches.size() + " binding(s) differ from the C headers:\n" + String.join("\n", mismatches));
        assertEquals(constants.size(), constantsChecked, "constants checked");
        assertEquals(structs.size(), structsChecked, "structs checked");
        assertTrue(fieldsChecked > 0, "no struct fields checked");
    }

    /** Fallback values in sluice.h for kernel ABI newer than the system headers; these are the kernel's. */
    @Test
    void kernelAbiValues() {
        assertEquals(451, Linux.SYS_cachestat());
        assertEquals(437, Linux.SYS_openat2());
        assertEquals(0x80, Linux.RWF_DONTCACHE());
    }

    /**
     * Limits sluice holds as Java constants rather than bindings (jextract cannot see them as
     * constants): the kernel's UIO_MAXIOV, glibc's IOV_MAX and what sysconf(_SC_IOV_MAX) answers on
     * this machine must all equal {@link NativeFile#IOV_MAX}.
     */
    @Test
    void iovMaxMatchesTheHeadersAndSysconf(@TempDir Path dir) throws Exception {
        String probe = "#define _GNU_SOURCE 1\n#include <limits.h>\n#include <stdio.h>\n#include <unistd.h>\n"
                + "#include <linux/uio.h>\n\nint main(void) {\n"
                + printf("UIO_MAXIOV", "UIO_MAXIOV")
                + printf("IOV_MAX", "IOV_MAX")
                + printf("sysconf(_SC_IOV_MAX)", "sysconf(_SC_IOV_MAX)")
                + "    return 0;\n}\n";
        Files.writeString(dir.resolve("iov.c"), probe);
        Result gcc = run(dir, "gcc", "-std=gnu11", "-Wall", "-Werror", "-o", "iov", "iov.c");
        assertEquals(0, gcc.exit(), () -> "iov.c does not compile:\n" + gcc.err());
        Result ran = run(dir, dir.resolve("iov").toString());
        assertEquals(0, ran.exit(), () -> "iov probe failed:\n" + ran.err());
        long expected = NativeFile.IOV_MAX;
        assertEquals(List.of("UIO_MAXIOV " + expected, "IOV_MAX " + expected, "sysconf(_SC_IOV_MAX) " + expected),
                ran.out().lines().toList());
    }

    private static List<String> option(List<String> args, String option) {
        return args.stream()
                .map(String::strip)
                .filter(line -> line.startsWith(option + " "))
                .map(line -> line.substring(option.length()).strip())
                .toList();
    }

    private static String printf(String key, String expression) {
        return "    printf(\"%s %lld\\n\", \"" + key + "\", (long long) (" + expression + "));\n";
    }

    private record Result(int exit, String out, String err) {}

    private static Result run(Path dir, String... command) throws Exception {
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        // Output goes to files, not pipes, so a chatty child cannot block while we wait on it.
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within 30 s");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
