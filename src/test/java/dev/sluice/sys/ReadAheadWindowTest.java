package dev.sluice.sys;

import dev.sluice.testing.ChildJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The device read-ahead window, against what util-linux's lsblk reports; in the matrix, on each file system. */
@Tag("fs-matrix")
class ReadAheadWindowTest {
    @TempDir
    Path dir;

    @Test
    void theWindowIsTheDevicesReadAheadAsLsblkReportsIt() throws Exception {
        Path data = Files.write(dir.resolve("data"), new byte[4096]);
        long window;
        FileStatus status;
        try (NativeFile file = NativeFile.open(data, EnumSet.of(OpenFlag.READ))) {
            window = file.readAheadWindow();
            status = file.status();
        }
        Optional<Long> lsblkKib = lsblkReadAheadKib(status.deviceMajor() + ":" + status.deviceMinor());
        System.out.println("[fs-matrix] read-ahead window " + window + " bytes, lsblk RA " + lsblkKib);
        if (lsblkKib.isPresent()) {
            assertThat(window).isEqualTo(lsblkKib.get() * 1024);
        } else {
            // no block device (tmpfs, btrfs's anonymous numbers): a backing device's own window, else 128 KiB
            Path bdi = Path.of("/sys/class/bdi", status.deviceMajor() + ":" + status.deviceMinor(), "read_ahead_kb");
            long expected = Files.exists(bdi) ? Long.parseLong(Files.readString(bdi).trim()) * 1024 : 128 * 1024;
            assertThat(window).isEqualTo(expected);
        }
    }

    /** lsblk's RA column (KiB) for the block device MAJ:MIN, if lsblk lists it. */
    private Optional<Long> lsblkReadAheadKib(String device) throws Exception {
        Path out = dir.resolve("lsblk.out");
        int status = ChildJvm.runToCompletion(List.of("lsblk", "-rno", "MAJ:MIN,RA"), out, 30);
        assertThat(status).as("lsblk: %s", Files.readString(out)).isZero();
        return Files.readAllLines(out).stream().map(line -> line.trim().split("\\s+"))
                .filter(fields -> fields.length == 2 && fields[0].equals(device))
                .map(fields -> Long.parseLong(fields[1])).findFirst();
    }
}
