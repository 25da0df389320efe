package dev.sluice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A file system tests can make: XFS and btrfs on a loop device, a private tmpfs (these three are the
 * matrix), or ramfs, which has no O_DIRECT at all.
 */
public enum FileSystemKind {
    XFS("xfs", List.of("mkfs.xfs", "-q", "-f"), "xfsprogs"),
    BTRFS("btrfs", List.of("mkfs.btrfs", "-q", "-f"), "btrfs-progs"),
    TMPFS("tmpfs", List.of(), null),
    RAMFS("ramfs", List.of(), null);

    private final String type;
    private final List<String> mkfs;
    private final String debianPackage;

    FileSystemKind(String type, List<String> mkfs, String debianPackage) {
        this.type = type;
        this.mkfs = mkfs;
        this.debianPackage = debianPackage;
    }

    /** The type as mount(8) and /proc/self/mountinfo name it. */
    public String type() {
        return type;
    }

    public static FileSystemKind of(String type) {
        for (FileSystemKind kind : values()) {
            if (kind.type.equals(type)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no file system '" + type + "' to make; known: xfs, btrfs, tmpfs, ramfs");
    }

    boolean needsLoopDevice() {
        return !mkfs.isEmpty();
    }

    /** The mkfs command line for {@code device}. */
    List<String> mkfs(String device) {
        List<String> command = new java.util.ArrayList<>(mkfs);
        command.add(device);
        return command;
    }

    /** Why this machine cannot make this file system, or null if it can. */
    public String whyUnavailable() {
        if (!Root.isRoot()) {
            return "not running as root (loop devices and mounts need root)";
        }
        try {
            if (Files.readAllLines(Path.of("/proc/filesystems")).stream().noneMatch(l -> l.endsWith("\t" + type))) {
                return "the kernel has no " + type + " (not in /proc/filesystems)";
            }
        } catch (IOException e) {
            return "cannot read /proc/filesystems: " + e.getMessage();
        }
        if (!Commands.installed("mount")) {
            return "mount(8) is not installed";
        }
        if (needsLoopDevice()) {
            if (!Commands.installed("losetup") || !Files.exists(Path.of("/dev/loop-control"))) {
                return "no loop devices here (losetup or /dev/loop-control missing)";
            }
            if (!Commands.installed(mkfs.getFirst())) {
                return mkfs.getFirst() + " is not installed (apt-get install " + debianPackage + ")";
            }
        }
        return null;
    }
}
