package dev.sluice.cache;

import dev.sluice.sys.FileStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which processes map a file, and how much of it they lock, from /proc/PID/smaps. */
final class Mappers {
    /** One process mapping the file. */
    record Mapper(long pid, String command, long mappedKib, long lockedKib) {
    }

    private Mappers() {
    }

    /**
     * The processes that map {@code file}, found at {@code path}. smaps names a mapping by device,
     * inode and path; the device is the file system's own, which on btrfs is not the (per-subvolume,
     * anonymous) st_dev that fstat gives, so there the inode and the path have to match instead.
     */
    static List<Mapper> of(FileStatus file, Path path) {
        String device = String.format("%02x:%02x", file.deviceMajor(), file.deviceMinor());
        String inode = Long.toString(file.inode());
        String realPath;
        try {
            realPath = path.toRealPath().toString();
        } catch (IOException e) {
            realPath = null;
        }
        List<Mapper> mappers = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                Mapper mapper = scan(proc, device, inode, realPath);
                if (mapper != null) {
                    mappers.add(mapper);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // /proc unreadable: report no mappers rather than fail the eviction
        }
        return mappers;
    }

    private static Mapper scan(Path proc, String device, String inode, String realPath) {
        long mapped = 0;
        long locked = 0;
        boolean inFile = false;
        boolean found = false;
        try {
            for (String line : Files.readAllLines(proc.resolve("smaps"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 5 && f[0].contains("-") && f[3].contains(":")) {
                    inFile = f[4].equals(inode) && (f[3].equals(device)
                            || f.length >= 6 && realPath != null && line.trim().endsWith(" " + realPath));
                    found |= inFile;
                } else if (inFile && f.length >= 2 && f[0].equals("Rss:")) {
                    mapped += Long.parseLong(f[1]);
                } else if (inFile && f.length >= 2 && f[0].equals("Locked:")) {
                    locked += Long.parseLong(f[1]);
                }
            }
            if (!found) {
                return null;
            }
            String command = Files.readString(proc.resolve("comm")).trim();
            return new Mapper(Long.parseLong(proc.getFileName().toString()), command, mapped, locked);
        } catch (IOException | RuntimeException e) {
            return null; // the process exited, or is not ours to read
        }
    }
}
