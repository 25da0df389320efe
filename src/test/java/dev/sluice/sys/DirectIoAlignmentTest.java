package dev.sluice.sys;

import dev.sluice.testing.MountTable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** O_DIRECT alignment read from the file system and the device; in the matrix, on each file system. */
@Tag("fs-matrix")
class DirectIoAlignmentTest {
    private static final int NO_DIOALIGN = ~StatxAbi.STATX_DIOALIGN;

    @TempDir
    Path dir;

    private NativeFile create() throws IOException {
        return create(Kernel.system());
    }

    private NativeFile create(Kernel kernel) throws IOException {
        return NativeFile.open(kernel, dir.resolve("data"), EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.CREATE),
                NativeFile.DEFAULT_PERMISSIONS);
    }

    /** What each file system of the matrix says, and that a direct write of exactly one unit works. */
    @Test
    void theAlignmentComesFromTheFileSystemAndADirectWriteOfOneUnitWorks() throws Exception {
        String type = MountTable.mountOf(dir).fsType();
        DirectIoAlignment alignment;
        try (NativeFile file = create()) {
            alignment = file.directIoAlignment();
        }
        System.out.println("[fs-matrix] " + type + ": O_DIRECT alignment " + alignment);
        switch (type) {
            case "ext4", "xfs" -> assertThat(alignment.source()).isEqualTo("statx STATX_DIOALIGN");
            // On 6.18 btrfs reports no DIOALIGN, and its files' st_dev is anonymous: the mount leads to the disk.
            case "btrfs" -> assertThat(alignment.source()).contains("/sys/dev/block/").contains("stx_blksize");
            case "tmpfs" -> assertThat(alignment.source()).contains("no block device");
            default -> {
            }
        }
        try (NativeFile direct = NativeFile.open(dir.resolve("data"), EnumSet.of(OpenFlag.WRITE, OpenFlag.DIRECT));
             Arena arena = Arena.ofConfined()) {
            MemorySegment unit = arena.allocate(alignment.offset(), alignment.memory()).fill((byte) 7);
            direct.write(unit, alignment.offset());
            assertThat(direct.size()).isEqualTo(2L * alignment.offset());
        }
    }

    @Test
    void statxDioAlignIsTakenAsItIs() throws Exception {
        Statx statx = new Statx(StatxAbi.STATX_DIOALIGN, 4096, 8, 0, 1, 16, 512);
        assertThat(DirectIoAlignment.from(statx, "f")).isEqualTo(new DirectIoAlignment(16, 512, "statx STATX_DIOALIGN"));
    }

    @Test
    void zeroDioAlignMeansTheFileHasNoDirectIo() {
        Statx statx = new Statx(StatxAbi.STATX_DIOALIGN, 4096, 8, 0, 1, 0, 0);
        assertThatThrownBy(() -> DirectIoAlignment.from(statx, "f")).isInstanceOf(IOException.class)
                .hasMessage("f: the file system does not support direct I/O (O_DIRECT) on this file "
                        + "(statx reports no STATX_DIOALIGN alignment)");
    }

    /** Without DIOALIGN: the device's logical block size, raised to the file system's block size. */
    @Test
    void withoutDioAlignTheDeviceAndTheFileSystemBlockDecide() throws Exception {
        Statx real;
        try (NativeFile file = create()) {
            real = Statx.of(file.fd(), file.path(), StatxAbi.STATX_DIOALIGN | StatxAbi.STATX_MNT_ID);
        }
        BlockDevices.DeviceNumber disk = new BlockDevices.DeviceNumber(real.deviceMajor(), real.deviceMinor());
        if (BlockDevices.logicalBlockSize(disk).isEmpty()) {
            disk = BlockDevices.sourceOfMount(real.mountId()).orElse(disk);
        }
        Statx withoutDioAlign = new Statx(real.mask() & NO_DIOALIGN, 1024, real.deviceMajor(), real.deviceMinor(),
                real.mountId(), 0, 0);
        var logical = BlockDevices.logicalBlockSize(disk);
        if (logical.isEmpty()) { // tmpfs: no disk at all
            assertThat(DirectIoAlignment.from(withoutDioAlign, "f").offset()).isEqualTo(1024);
            return;
        }
        int lbs = Integer.parseInt(Files.readString(Path.of("/sys/dev/block/" + disk + "/queue/logical_block_size")).trim());
        DirectIoAlignment small = DirectIoAlignment.from(withoutDioAlign, "f");
        assertThat(small.offset()).isEqualTo(small.memory()).isEqualTo(Math.max(lbs, 1024));
        assertThat(small.source()).startsWith("statx gives no STATX_DIOALIGN for this file: the larger of the logical "
                + "block size of " + disk + " (" + lbs + ", /sys/dev/block/" + disk + ")");

        Statx bigBlocks = new Statx(real.mask() & NO_DIOALIGN, 65536, real.deviceMajor(), real.deviceMinor(),
                real.mountId(), 0, 0);
        assertThat(DirectIoAlignment.from(bigBlocks, "f").offset()).isEqualTo(65536);
    }

    @Test
    void withoutABlockDeviceTheFileSystemBlockDecides() throws Exception {
        Statx tmpfsLike = new Statx(0x7ff, 4096, 0, 0, 0, 0, 0); // 0:0 is no device; no mount id either
        DirectIoAlignment alignment = DirectIoAlignment.from(tmpfsLike, "f");
        assertThat(alignment).isEqualTo(new DirectIoAlignment(4096, 4096, "statx gives no STATX_DIOALIGN for this file "
                + "and no block device is under it: the file system's block size (4096, stx_blksize)"));
        assertThatThrownBy(() -> DirectIoAlignment.from(new Statx(0x7ff, 1000, 0, 0, 0, 0, 0), "f"))
                .hasMessageContaining("so the alignment O_DIRECT needs is unknown");
    }

    @Test
    void withoutStatxTheLogicalBlockSizeOfTheFilesDevice() throws Exception {
        FaultInjector faults = FaultInjector.system().fail(Syscall.STATX, 1, Errno.ENOSYS, true);
        try (NativeFile file = create(faults.kernel())) {
            FileStatus status = file.status();
            var device = new BlockDevices.DeviceNumber(status.deviceMajor(), status.deviceMinor());
            var logical = BlockDevices.logicalBlockSize(device);
            if (logical.isPresent()) {
                assertThat(file.directIoAlignment()).isEqualTo(new DirectIoAlignment(logical.getAsInt(),
                        logical.getAsInt(), "no statx(2) here (ENOSYS): the logical block size of " + device));
            } else {
                assertThatThrownBy(file::directIoAlignment).hasMessageContaining("no statx(2) here (ENOSYS)");
            }
        }
        assertThat(faults.injected()).isEqualTo(1);
    }

    @Test
    void otherStatxErrorsAreReported() throws Exception {
        FaultInjector faults = FaultInjector.system().fail(Syscall.STATX, 1, Errno.EIO, false);
        try (NativeFile file = create(faults.kernel())) {
            assertThatThrownBy(file::directIoAlignment)
                    .isInstanceOf(NativeIOException.class)
                    .hasMessageContaining("statx(fd=").hasMessageContaining("AT_EMPTY_PATH").hasMessageContaining("EIO");
        }
    }

    @Test
    void alignmentsArePowersOfTwo() {
        assertThatThrownBy(() -> new DirectIoAlignment(512, 1000, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DirectIoAlignment(0, 512, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
