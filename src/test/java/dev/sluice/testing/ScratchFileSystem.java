package dev.sluice.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file system of its own for tests, mounted under a work directory: XFS or btrfs on a loop device
 * over a sparse file, a size-limited tmpfs, or a ramfs. {@link #close()} unmounts it and detaches
 * exactly the loop device {@code losetup -f --show} gave it, never others ({@code losetup -D} and
 * {@code umount -a} would reach devices that are not ours); a shutdown hook does the same if the JVM
 * exits first, and a failed setup undoes what it made before it throws.
 */
public final class ScratchFileSystem implements AutoCloseable {
    /** Sparse: only what the tests write takes space. mkfs.xfs needs at least 300 MiB. */
    private static final long SIZE = 2L << 30;

    private final FileSystemKind kind;
    private final Path image;
    private final Path mountPoint;
    private final String device;
    private final Thread shutdownHook = new Thread(this::closeQuietly, "scratch-fs-teardown");
    private boolean closed;

    private ScratchFileSystem(FileSystemKind kind, Path image, Path mountPoint, String device) {
        this.kind = kind;
        this.image = image;
        this.mountPoint = mountPoint;
        this.device = device;
    }

    /** Makes and mounts a {@code kind} file system at {@code workDir/<type>-mnt}; needs root. */
    public static ScratchFileSystem mount(FileSystemKind kind, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path image = workDir.resolve(kind.type() + ".img").toAbsolutePath();
        Path mountPoint = workDir.resolve(kind.type() + "-mnt").toAbsolutePath();
        removeLeftovers(image, mountPoint);
        Files.createDirectories(mountPoint);
        String device = null;
        try {
            if (kind.needsLoopDevice()) {
                try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
                    file.setLength(SIZE);
                }
                device = Commands.run("losetup", "-f", "--show", "--direct-io=on", image.toString());
                Commands.run(kind.mkfs(device).toArray(String[]::new));
                Commands.run("mount", "-t", kind.type(), device, mountPoint.toString());
            } else {
                String options = kind == FileSystemKind.TMPFS ? "size=" + SIZE + ",mode=0700" : "mode=0700";
                Commands.run("mount", "-t", kind.type(), "-o", options, "sluice-test", mountPoint.toString());
            }
            checkMounted(kind, mountPoint);
        } catch (IOException | RuntimeException e) {
            List<String> problems = new ArrayList<>();
            teardown(mountPoint, device, image, problems);
            if (!problems.isEmpty()) {
                e.addSuppressed(new IOException("and tearing down: " + String.join("; ", problems)));
            }
            throw e;
        }
        ScratchFileSystem fs = new ScratchFileSystem(kind, image, mountPoint, device);
        Runtime.getRuntime().addShutdownHook(fs.shutdownHook);
        return fs;
    }

    public FileSystemKind kind() {
        return kind;
    }

    /** Where the file system is mounted. */
    public Path root() {
        return mountPoint;
    }

    /** The loop device, e.g. /dev/loop3; null for tmpfs and ramfs. */
    public String device() {
        return device;
    }

    @Override
    public String toString() {
        return kind.type() + (device == null ? "" : " on " + device) + " at " + mountPoint;
    }

    /** Unmounts, detaches the loop device and deletes the image; throws what went wrong after trying every step. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is what is running us
        }
        List<String> problems = new ArrayList<>();
        teardown(mountPoint, device, image, problems);
        if (!problems.isEmpty()) {
            throw new IOException("tearing down " + this + ": " + String.join("; ", problems));
        }
    }

    private static void checkMounted(FileSystemKind kind, Path mountPoint) throws IOException {
        MountTable.Mount mount = MountTable.mountedAt(mountPoint)
                .orElseThrow(() -> new IOException(mountPoint + " is not a mount point after mount(8)"));
        if (!mount.fsType().equals(kind.type())) {
            throw new IOException(mountPoint + " is " + mount.fsType() + ", not " + kind.type());
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            System.err.println(e.getMessage());
        }
    }

    private static void teardown(Path mountPoint, String device, Path image, List<String> problems) {
        unmount(mountPoint, problems);
        if (device != null) {
            detach(device, problems);
        }
        try {
            Files.deleteIfExists(image);
            Files.deleteIfExists(mountPoint);
        } catch (IOException e) {
            problems.add("deleting " + image + ": " + e);
        }
    }

    private static void unmount(Path mountPoint, List<String> problems) {
        if (MountTable.mountedAt(mountPoint).isEmpty()) {
            return;
        }
        try {
            Commands.run("umount", mountPoint.toString());
        } catch (IOException busy) {
            // A file still open (a leaked descriptor, a killed child's orphan) keeps the mount busy: detach
            // it now; the kernel frees it, and the loop device with it, when the last file closes. The
            // mount is gone for everyone else, so this is said, not thrown.
            String holders = openFilesBelow(mountPoint); // before the lazy unmount hides their paths
            try {
                Commands.run("umount", "--lazy", mountPoint.toString());
                System.err.println("[scratch-fs] " + busy.getMessage() + ": unmounted lazily; it is freed when "
                        + "the files still open on it are closed" + holders);
            } catch (IOException e) {
                problems.add(busy.getMessage() + "; " + e.getMessage());
            }
        }
    }

    /** The files this JVM still has open or mapped below {@code dir}, as " (this JVM holds: ...)", or "". */
    private static String openFilesBelow(Path dir) {
        List<String> open = new ArrayList<>();
        try {
            open.addAll(OpenDescriptors.below(dir));
        } catch (IOException e) {
            return "";
        }
        try {
            Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .map(line -> line.indexOf(" /") < 0 ? "" : line.substring(line.indexOf(" /") + 1))
                    .filter(file -> file.startsWith(dir.toString()))
                    .distinct()
                    .forEach(file -> open.add("mapping of " + file));
        } catch (IOException e) {
            // the descriptors alone must do
        }
        return open.isEmpty() ? "" : " (this JVM holds: " + String.join(", ", open) + ")";
    }

    /** losetup -d of a device still in use (a lazy unmount) marks it to detach itself when released. */
    private static void detach(String device, List<String> problems) {
        try {
            Commands.run("losetup", "-d", device);
        } catch (IOException e) {
            problems.add(e.getMessage());
        }
    }

    /**
     * A JVM killed before its shutdown hook ran leaves its mount and loop device behind. They are
     * found by this work directory's own mount point and image file (losetup -j lists exactly the
     * devices backed by that file), so only our own leftovers are removed.
     */
    private static void removeLeftovers(Path image, Path mountPoint) throws IOException {
        List<String> problems = new ArrayList<>();
        unmount(mountPoint, problems);
        if (Files.exists(image)) {
            for (String line : Commands.run("losetup", "-j", image.toString()).lines().toList()) {
                detach(line.substring(0, line.indexOf(':')), problems);
            }
            Files.delete(image);
        }
        if (!problems.isEmpty()) {
            throw new IOException("cannot remove a previous run's " + mountPoint + ": " + String.join("; ", problems));
        }
    }
}
