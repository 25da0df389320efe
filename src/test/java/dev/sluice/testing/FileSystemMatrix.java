package dev.sluice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The file system this test JVM runs on, when the build asks for one with {@code -Dsluice.test.fs=xfs}
 * (or btrfs, tmpfs): it is made on first use under {@code sluice.test.fs.dir} and torn down when the
 * test plan ends ({@link FileSystemMatrixListener}), and every {@code @TempDir} lands on it
 * ({@link MatrixTempDirFactory}). Classes join the matrix with {@code @Tag("fs-matrix")}.
 */
public final class FileSystemMatrix {
    public static final String PROPERTY = "sluice.test.fs";
    public static final String DIR_PROPERTY = "sluice.test.fs.dir";
    /** The tag of the classes the matrix runs; the pom selects them by it. */
    public static final String TAG = "fs-matrix";

    private static ScratchFileSystem mounted;
    private static final Set<String> classesWithTempDirs = new TreeSet<>();
    private static int tempDirs;

    private FileSystemMatrix() {
    }

    /** The file system asked for, if this JVM runs the matrix. */
    public static Optional<FileSystemKind> requested() {
        String type = System.getProperty(PROPERTY, "");
        return type.isBlank() ? Optional.empty() : Optional.of(FileSystemKind.of(type.trim()));
    }

    /** Why the requested file system cannot be made here, or null if it can (or none is requested). */
    public static String whyUnavailable() {
        return requested().map(FileSystemKind::whyUnavailable).orElse(null);
    }

    /** A new directory on the requested file system, checked to be on it; mounts it first if needed. */
    static synchronized Path newTempDirectory(Class<?> testClass) throws IOException {
        FileSystemKind kind = requested().orElseThrow(() -> new IllegalStateException(
                "MatrixTempDirFactory is configured but -D" + PROPERTY + " is not set"));
        if (mounted == null) {
            String why = kind.whyUnavailable();
            if (why != null) {
                throw new IllegalStateException(kind.type() + " cannot be made here: " + why);
            }
            Path workDir = Path.of(System.getProperty(DIR_PROPERTY,
                    System.getProperty("java.io.tmpdir") + "/sluice-fs-matrix-" + ProcessHandle.current().pid()));
            mounted = ScratchFileSystem.mount(kind, workDir);
            System.out.println("[fs-matrix] made " + mounted);
        }
        Path dir = Files.createTempDirectory(mounted.root(), "junit");
        String type = MountTable.mountOf(dir).fsType();
        if (!type.equals(kind.type())) {
            throw new IllegalStateException(dir + " is on " + type + ", not " + kind.type());
        }
        tempDirs++;
        classesWithTempDirs.add(testClass.getName());
        return dir;
    }

    /** Whether {@code testClass} got at least one directory on the matrix file system. */
    static synchronized boolean madeTempDirectory(Class<?> testClass) {
        return classesWithTempDirs.contains(testClass.getName());
    }

    /** One line on what ran where; then unmounts. */
    static synchronized String tearDown() {
        if (mounted == null) {
            return null;
        }
        String summary = tempDirs + " @TempDir directories, each checked to be on " + mounted.kind().type()
                + ", for " + classesWithTempDirs.size() + " classes on " + mounted;
        try {
            mounted.close();
            return summary + ", torn down";
        } catch (IOException e) {
            return summary + ", TEARDOWN FAILED: " + e.getMessage();
        } finally {
            mounted = null;
        }
    }
}
