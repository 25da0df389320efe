package dev.sluice.sys;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What O_DIRECT I/O on a file must be aligned to: the address of each buffer ({@code memory}), and
 * each file offset and length ({@code offset}), with {@code source} saying where the numbers came from.
 *
 * <p>statx(2) with STATX_DIOALIGN (Linux 6.1+) answers for the file itself. Where it does not (an
 * older kernel, or a file system that does not report it, such as btrfs and tmpfs on 6.18), both are
 * the larger of the device's logical block size (sysfs) and the file system's block size: btrfs,
 * for one, quietly turns direct I/O below its sector size into buffered I/O. A file system without a
 * block device (tmpfs) gets its block size alone.
 *
 * @param memory the alignment of buffer addresses, in bytes (a power of two)
 * @param offset the alignment of file offsets and lengths, in bytes (a power of two)
 * @param source where the numbers came from, for messages
 */
public record DirectIoAlignment(int memory, int offset, String source) {
    /**
     * Checks the alignments.
     *
     * @throws IllegalArgumentException if either is not a positive power of two
     */
    public DirectIoAlignment {
        Checks.positive(memory, "memory");
        Checks.positive(offset, "offset");
        if (Integer.bitCount(memory) != 1 || Integer.bitCount(offset) != 1) {
            throw new IllegalArgumentException("alignments must be powers of two: memory=" + memory + ", offset=" + offset);
        }
    }

    static DirectIoAlignment of(Fd fd, String path) throws IOException {
        Statx statx;
        try {
            statx = Statx.of(fd, path, StatxAbi.STATX_DIOALIGN | StatxAbi.STATX_MNT_ID);
        } catch (NativeIOException e) {
            if (e.errno() != Errno.ENOSYS.value()) {
                throw e;
            }
            FileStatus status = FileStatus.of(fd, path);
            BlockDevices.DeviceNumber device = new BlockDevices.DeviceNumber(status.deviceMajor(), status.deviceMinor());
            OptionalInt logical = BlockDevices.logicalBlockSize(device);
            if (logical.isEmpty()) {
                throw new IOException(path + ": no statx(2) here (ENOSYS) and " + device + " is not a block device, "
                        + "so the alignment O_DIRECT needs is unknown");
            }
            int size = logical.getAsInt();
            return new DirectIoAlignment(size, size, "no statx(2) here (ENOSYS): the logical block size of " + device);
        }
        return from(statx, path);
    }

    /** The alignment {@code statx} implies for the file at {@code path}. */
    static DirectIoAlignment from(Statx statx, String path) throws IOException {
        if (statx.has(StatxAbi.STATX_DIOALIGN)) {
            if (statx.dioMemoryAlign() == 0 || statx.dioOffsetAlign() == 0) {
                throw new IOException(path + ": the file system does not support direct I/O (O_DIRECT) on this file "
                        + "(statx reports no STATX_DIOALIGN alignment)");
            }
            return new DirectIoAlignment(statx.dioMemoryAlign(), statx.dioOffsetAlign(), "statx STATX_DIOALIGN");
        }
        return fallback(statx, path);
    }

    private static DirectIoAlignment fallback(Statx statx, String path) throws IOException {
        String why = "statx gives no STATX_DIOALIGN for this file";
        BlockDevices.DeviceNumber device = new BlockDevices.DeviceNumber(statx.deviceMajor(), statx.deviceMinor());
        OptionalInt logical = BlockDevices.logicalBlockSize(device);
        if (logical.isEmpty() && statx.has(StatxAbi.STATX_MNT_ID)) {
            Optional<BlockDevices.DeviceNumber> source = BlockDevices.sourceOfMount(statx.mountId());
            if (source.isPresent()) {
                device = source.get();
                logical = BlockDevices.logicalBlockSize(device);
            }
        }
        // A preferred I/O size that is not a power of two says nothing about alignment.
        int fsBlock = Integer.bitCount(statx.blockSize()) == 1 ? statx.blockSize() : 1;
        if (logical.isEmpty()) {
            if (fsBlock == 1) {
                throw new IOException(path + ": " + why + ", no block device is under it and its block size ("
                        + statx.blockSize() + ") is no alignment, so the alignment O_DIRECT needs is unknown");
            }
            return new DirectIoAlignment(fsBlock, fsBlock, why + " and no block device is under it: the file system's "
                    + "block size (" + fsBlock + ", stx_blksize)");
        }
        int size = Math.max(logical.getAsInt(), fsBlock);
        return new DirectIoAlignment(size, size, why + ": the larger of the logical block size of " + device + " ("
                + logical.getAsInt() + ", /sys/dev/block/" + device + ") and the file system's block size ("
                + fsBlock + ", stx_blksize)");
    }

    @Override
    public String toString() {
        return "memory " + memory + ", offset " + offset + " (" + source + ")";
    }
}
