package dev.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The mounts this process sees, from /proc/self/mountinfo. */
public final class MountTable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    /** One mountinfo line: its mount point, file system type and source (a device path, or e.g. "tmpfs"). */
    public record Mount(Path mountPoint, String fsType, String source) {
    }

    private MountTable() {
    }

    public static List<Mount> mounts() {
        try {
            return Files.readAllLines(MOUNTINFO).stream().map(MountTable::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mount that holds {@code path}: the one with the longest mount point above its real path. */
    public static Mount mountOf(Path path) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Mount best = null;
        for (Mount m : mounts()) {
            // Later lines are mounted on top of earlier ones at the same point: >= keeps the last.
            if (real.startsWith(m.mountPoint())
                    && (best == null || m.mountPoint().getNameCount() >= best.mountPoint().getNameCount())) {
                best = m;
            }
        }
        return best;
    }

    /** The mount whose mount point is exactly {@code path}, if any. */
    public static Optional<Mount> mountedAt(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return mounts().stream().filter(m -> m.mountPoint().equals(absolute)).reduce((a, b) -> b);
    }

    /** Fields: id parent major:minor root mount-point options [optional...] - type source super-options. */
    private static Mount parse(String line) {
        String[] fields = line.split(" ");
        int separator = List.of(fields).indexOf("-");
        return new Mount(Path.of(unescape(fields[4])), fields[separator + 1], unescape(fields[separator + 2]));
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes (\040 ...). */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
