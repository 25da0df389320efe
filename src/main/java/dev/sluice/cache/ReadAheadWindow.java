package dev.sluice.cache;

import dev.sluice.sys.FileStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The device's read-ahead window, read from sysfs. One readahead(2) or WILLNEED call caches at most
 * this much, so warming takes one call per window.
 */
final class ReadAheadWindow {
    static final long DEFAULT_BYTES = 128 * 1024;

    private ReadAheadWindow() {
    }

    static long bytes(FileStatus status) {
        String device = status.deviceMajor() + ":" + status.deviceMinor();
        for (Path candidate : new Path[] {
                Path.of("/sys/class/bdi", device, "read_ahead_kb"),
                Path.of("/sys/dev/block", device, "queue/read_ahead_kb"),
                Path.of("/sys/dev/block", device, "../queue/read_ahead_kb")}) {
            try {
                long kib = Long.parseLong(Files.readString(candidate).trim());
                if (kib > 0) {
                    return kib * 1024;
                }
            } catch (IOException | NumberFormatException e) {
                // not this layout; try the next
            }
        }
        return DEFAULT_BYTES;
    }
}
