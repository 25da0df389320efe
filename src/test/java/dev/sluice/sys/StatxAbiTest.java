package dev.sluice.sys;

import dev.sluice.testing.CProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written statx ABI ({@link StatxAbi}) against what gcc makes of the system headers. */
class StatxAbiTest {
    @Test
    void syscallNumberFlagsAndFieldOffsetsMatchTheSystemHeaders(@TempDir Path dir) throws Exception {
        Map<String, Long> java = new LinkedHashMap<>();
        java.put("SYS_statx", StatxAbi.SYS_STATX);
        java.put("AT_EMPTY_PATH", (long) StatxAbi.AT_EMPTY_PATH);
        java.put("STATX_MNT_ID", (long) StatxAbi.STATX_MNT_ID);
        java.put("STATX_DIOALIGN", (long) StatxAbi.STATX_DIOALIGN);
        java.put("sizeof statx", StatxAbi.SIZE);
        java.put("offsetof stx_mask", StatxAbi.STX_MASK);
        java.put("offsetof stx_blksize", StatxAbi.STX_BLKSIZE);
        java.put("offsetof stx_dev_major", StatxAbi.STX_DEV_MAJOR);
        java.put("offsetof stx_dev_minor", StatxAbi.STX_DEV_MINOR);
        java.put("offsetof stx_mnt_id", StatxAbi.STX_MNT_ID);
        java.put("offsetof stx_dio_mem_align", StatxAbi.STX_DIO_MEM_ALIGN);
        java.put("offsetof stx_dio_offset_align", StatxAbi.STX_DIO_OFFSET_ALIGN);

        StringBuilder probe = new StringBuilder("""
                #define _GNU_SOURCE
                #include <fcntl.h>
                #include <stddef.h>
                #include <stdio.h>
                #include <sys/stat.h>
                #include <sys/syscall.h>

                int main(void) {
                """);
        for (String key : java.keySet()) {
            String expression = key.startsWith("sizeof ") ? "sizeof(struct statx)"
                    : key.startsWith("offsetof ") ? "offsetof(struct statx, " + key.substring(9) + ")" : key;
            probe.append(CProbe.printf(key, expression));
        }
        probe.append("    return 0;\n}\n");

        assertThat(CProbe.run(dir, probe.toString())).as("the C headers' values").isEqualTo(java);
    }
}
