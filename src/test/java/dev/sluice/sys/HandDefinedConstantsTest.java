package dev.sluice.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The constants {@link HandDefined} writes out by hand, against what gcc makes of the system headers. */
class HandDefinedConstantsTest {
    @Test
    void everyHandDefinedConstantMatchesGcc(@TempDir Path dir) throws Exception {
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("SYS_flock", HandDefined.SYS_FLOCK);
        expected.put("LOCK_EX", (long) HandDefined.LOCK_EX);
        expected.put("LOCK_NB", (long) HandDefined.LOCK_NB);
        expected.put("LOCK_UN", (long) HandDefined.LOCK_UN);
        expected.put("EWOULDBLOCK", (long) HandDefined.EWOULDBLOCK);
        StringBuilder probe = new StringBuilder("#define _GNU_SOURCE\n#include <stdio.h>\n#include <errno.h>\n"
                + "#include <sys/file.h>\n#include <sys/syscall.h>\n\nint main(void) {\n");
        for (String name : expected.keySet()) {
            probe.append("    printf(\"").append(name).append(" %ld\\n\", (long) (").append(name).append("));\n");
        }
        probe.append("    return 0;\n}\n");
        Files.writeString(dir.resolve("probe.c"), probe);
        assertThat(run(dir, "gcc", "-Wall", "-Werror", "-o", "probe", "probe.c")).isEmpty();
        Map<String, Long> actual = new LinkedHashMap<>();
        for (String line : run(dir, dir.resolve("probe").toString()).lines().toList()) {
            String[] parts = line.split(" ");
            actual.put(parts[0], Long.parseLong(parts[1]));
        }
        assertThat(actual).isEqualTo(expected);
    }

    /** What the command printed; it must exit 0. */
    private static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
