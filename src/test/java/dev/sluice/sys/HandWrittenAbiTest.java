package dev.sluice.sys;

import dev.sluice.testing.CProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel ABI written by hand, where jextract's bindings have no entry ({@link FlockAbi},
 * {@link StatxAbi}), against what gcc makes of the system headers.
 */
class HandWrittenAbiTest {
    @Test
    void flockSyscallNumberAndFlagsMatchTheSystemHeaders(@TempDir Path dir) throws Exception {
        Map<String, Long> java = new LinkedHashMap<>();
        java.put("SYS_flock", FlockAbi.SYS_FLOCK);
        java.put("LOCK_EX", (long) FlockAbi.LOCK_EX);
        java.put("LOCK_NB", (long) FlockAbi.LOCK_NB);
        java.put("EWOULDBLOCK", (long) FlockAbi.EWOULDBLOCK);
        assertMatchesTheHeaders(dir, List.of("errno.h", "sys/file.h", "sys/syscall.h"), java);
    }

    @Test
    void statxSyscallNumberFlagsAndFieldOffsetsMatchTheSystemHeaders(@TempDir Path dir) throws Exception {
        Map<String, Long> java = new LinkedHashMap<>();
        java.put("SYS_statx", StatxAbi.SYS_STATX);
        java.put("AT_EMPTY_PATH", (long) StatxAbi.AT_EMPTY_PATH);
        java.put("STATX_MNT_ID", (long) StatxAbi.STATX_MNT_ID);
        java.put("STATX_DIOALIGN", (long) StatxAbi.STATX_DIOALIGN);
        java.put("sizeof(struct statx)", StatxAbi.SIZE);
        java.put("offsetof(struct statx, stx_mask)", StatxAbi.STX_MASK);
        java.put("offsetof(struct statx, stx_blksize)", StatxAbi.STX_BLKSIZE);
        java.put("offsetof(struct statx, stx_dev_major)", StatxAbi.STX_DEV_MAJOR);
        java.put("offsetof(struct statx, stx_dev_minor)", StatxAbi.STX_DEV_MINOR);
        java.put("offsetof(struct statx, stx_mnt_id)", StatxAbi.STX_MNT_ID);
        java.put("offsetof(struct statx, stx_dio_mem_align)", StatxAbi.STX_DIO_MEM_ALIGN);
        java.put("offsetof(struct statx, stx_dio_offset_align)", StatxAbi.STX_DIO_OFFSET_ALIGN);
        assertMatchesTheHeaders(dir, List.of("fcntl.h", "stddef.h", "sys/stat.h", "sys/syscall.h"), java);
    }

    /** Each key is the C expression whose value the Java constant must equal. */
    private static void assertMatchesTheHeaders(Path dir, List<String> headers, Map<String, Long> java) throws Exception {
        assertThat(CProbe.values(dir, headers, java.keySet())).as("the C headers' values").isEqualTo(java);
    }
}
