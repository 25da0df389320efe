package dev.sluice.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The statx(2) fields of an open file that direct I/O needs: which fields the kernel filled in
 * ({@code mask}), the file system's block size, the device numbers, the mount and the alignments.
 */
record Statx(int mask, int blockSize, int deviceMajor, int deviceMinor, long mountId, int dioMemoryAlign,
        int dioOffsetAlign) {

    boolean has(int field) {
        return (mask & field) == field;
    }

    /** statx(fd, "", AT_EMPTY_PATH, mask); ENOSYS where the kernel or sluice does not know the call. */
    static Statx of(Fd fd, String path, int mask) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment empty = arena.allocateFrom("");
            MemorySegment buffer = arena.allocate(StatxAbi.SIZE, 8);
            fd.call(Syscall.STATX, path, (libc, f) -> libc.statx(f, empty, StatxAbi.AT_EMPTY_PATH, mask, buffer),
                    "\"\", AT_EMPTY_PATH, mask=0x%x", mask, 0, 0);
            return new Statx(buffer.get(ValueLayout.JAVA_INT, StatxAbi.STX_MASK),
                    buffer.get(ValueLayout.JAVA_INT, StatxAbi.STX_BLKSIZE),
                    buffer.get(ValueLayout.JAVA_INT, StatxAbi.STX_DEV_MAJOR),
                    buffer.get(ValueLayout.JAVA_INT, StatxAbi.STX_DEV_MINOR),
                    buffer.get(ValueLayout.JAVA_LONG, StatxAbi.STX_MNT_ID),
                    buffer.get(ValueLayout.JAVA_INT, StatxAbi.STX_DIO_MEM_ALIGN),
                    buffer.get(ValueLayout.JAVA_INT, StatxAbi.STX_DIO_OFFSET_ALIGN));
        }
    }
}
