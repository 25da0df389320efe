package dev.sluice.sys;

import dev.sluice.testing.CProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written flock ABI ({@link FlockAbi}) against what gcc makes of the system headers. */
class FlockAbiTest {
    @Test
    void syscallNumberAndFlagsMatchTheSystemHeaders(@TempDir Path dir) throws Exception {
        Map<String, Long> java = new LinkedHashMap<>();
        java.put("SYS_flock", FlockAbi.SYS_FLOCK);
        java.put("LOCK_EX", (long) FlockAbi.LOCK_EX);
        java.put("LOCK_NB", (long) FlockAbi.LOCK_NB);
        java.put("EWOULDBLOCK", (long) FlockAbi.EWOULDBLOCK);
        StringBuilder probe = new StringBuilder("""
                #define _GNU_SOURCE
                #include <errno.h>
                #include <stdio.h>
                #include <sys/file.h>
                #include <sys/syscall.h>

                int main(void) {
                """);
        for (String key : java.keySet()) {
            probe.append(CProbe.printf(key, key));
        }
        probe.append("    return 0;\n}\n");
        assertThat(CProbe.run(dir, probe.toString())).as("the C headers' values").isEqualTo(java);
    }
}
