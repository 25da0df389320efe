package dev.sluice.sys;

import java.util.Locale;

/**
 * statx(2) as the kernel defines it, written by hand: the generated bindings predate it and cannot
 * be regenerated without jextract. HandWrittenAbiTest checks every value here against gcc and the system
 * headers, so a mistake fails the build instead of reading the wrong bytes.
 */
final class StatxAbi {
    /** The syscall number, per architecture (statx predates the unified numbering); -1 where unknown. */
    static final long SYS_STATX = switch (System.getProperty("os.arch").toLowerCase(Locale.ROOT)) {
        case "amd64", "x86_64" -> 332;
        case "aarch64", "riscv64" -> 291;
        default -> -1;
    };
    static final int AT_EMPTY_PATH = 0x1000;
    static final int STATX_MNT_ID = 0x1000;
    /** Linux 6.1+: stx_dio_mem_align and stx_dio_offset_align. */
    static final int STATX_DIOALIGN = 0x2000;

    /** sizeof(struct statx) and the offsets of the fields sluice reads. */
    static final long SIZE = 256;
    static final long STX_MASK = 0;
    static final long STX_BLKSIZE = 4;
    static final long STX_DEV_MAJOR = 136;
    static final long STX_DEV_MINOR = 140;
    static final long STX_MNT_ID = 144;
    static final long STX_DIO_MEM_ALIGN = 152;
    static final long STX_DIO_OFFSET_ALIGN = 156;

    private StatxAbi() {
    }
}
