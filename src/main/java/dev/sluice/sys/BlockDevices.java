package dev.sluice.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Block device facts from sysfs and /proc/self/mountinfo, for when statx does not say them. */
final class BlockDevices {
    /** A device number, as major:minor. */
    record DeviceNumber(int major, int minor) {
        @Override
        public String toString() {
            return major + ":" + minor;
        }
    }

    private BlockDevices() {
    }

    /**
     * The logical block size of the block device {@code device}, from sysfs. A partition has no queue
     * directory of its own; its disk's (the parent in sysfs) applies.
     */
    static OptionalInt logicalBlockSize(DeviceNumber device) {
        Path node = Path.of("/sys/dev/block/" + device);
        for (String queue : List.of("queue", "../queue")) {
            Path file = node.resolve(queue).resolve("logical_block_size");
            try {
                return OptionalInt.of(Integer.parseInt(Files.readString(file).trim()));
            } catch (IOException | NumberFormatException e) {
                // not a whole disk, or not a block device at all (tmpfs, btrfs's anonymous device numbers)
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The read-ahead window of {@code device} (sysfs {@code read_ahead_kb}): the most one readahead(2) or
     * WILLNEED call brings in. Looked up as the backing device, then as the disk or its partition's disk.
     */
    static OptionalLong readAheadBytes(DeviceNumber device) {
        for (Path candidate : List.of(
                Path.of("/sys/class/bdi", device.toString(), "read_ahead_kb"),
                Path.of("/sys/dev/block", device.toString(), "queue/read_ahead_kb"),
                Path.of("/sys/dev/block", device.toString(), "../queue/read_ahead_kb"))) {
            try {
                long kib = Long.parseLong(Files.readString(candidate).trim());
                if (kib > 0) {
                    return OptionalLong.of(kib * 1024);
                }
            } catch (IOException | NumberFormatException e) {
                // not this layout; try the next
            }
        }
        return OptionalLong.empty();
    }

    /**
     * The block device a mount was made from, by its mount id (statx's stx_mnt_id, the first field of
     * mountinfo): the mount's source when it is a device node. btrfs gives its files anonymous device
     * numbers, so for it this is the only way from a file to its disk.
     */
    static Optional<DeviceNumber> sourceOfMount(long mountId) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/self/mountinfo"));
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String line : lines) {
            String[] fields = line.split(" ");
            if (!fields[0].equals(Long.toString(mountId))) {
                continue;
            }
            int separator = List.of(fields).indexOf("-");
            String source = fields[separator + 2];
            if (!source.startsWith("/dev/")) {
                return Optional.empty();
            }
            try {
                Object rdev = Files.getAttribute(Path.of(source), "unix:rdev");
                return Optional.of(decode(((Number) rdev).longValue()));
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** glibc's major()/minor() for the 64-bit dev_t. */
    static DeviceNumber decode(long dev) {
        return new DeviceNumber((int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL)),
                (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL)));
    }
}
