package dev.sluice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A copy of the built launcher that any user can run: {@code sluice}, {@code bin/} and the built
 * jar with {@code target/lib}, in a fresh directory under the system temporary directory, every
 * directory rwxr-xr-x and every file readable by all. Tests that run the launcher as another user
 * (nobody) run this copy, never the clone: the clone's parent directories may be private (a clone in
 * root's 0700 home), and another user cannot traverse them.
 *
 * <p>The copy holds no sources, so the launcher runs the jar it finds rather than rebuilding.
 * Build first ({@code mvn package} runs before the integration tests).
 */
public final class LauncherCopy implements AutoCloseable {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path root;

    private LauncherCopy(Path root) {
        this.root = root;
    }

    /** Copies the launcher of the source tree {@code tree} (the clone being tested). */
    public static LauncherCopy of(Path tree) throws IOException {
        Path jar = builtJar(tree.resolve("target"));
        Path root = Files.createTempDirectory("sluice-launcher");
        LauncherCopy copy = new LauncherCopy(root);
        try {
            Files.setPosixFilePermissions(root, DIRECTORY);
            requireTraversableByAll(root);
            copy.file(tree.resolve("sluice"), root.resolve("sluice"), EXECUTABLE);
            copy.tree(tree.resolve("bin"), root.resolve("bin"));
            copy.file(jar, root.resolve("target").resolve(jar.getFileName()), READABLE);
            copy.tree(tree.resolve("target/lib"), root.resolve("target/lib"));
            return copy;
        } catch (IOException | RuntimeException e) {
            copy.close();
            throw e;
        }
    }

    /** The copy's root directory; run {@code root().resolve("sluice")} from here. */
    public Path root() {
        return root;
    }

    /** The copied launcher. */
    public Path launcher() {
        return root.resolve("sluice");
    }

    @Override
    public void close() throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }

    /** The packaged sluice jar in {@code target} (not its sources or javadoc jar). */
    public static Path builtJar(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("sluice-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().matches(".*-(sources|javadoc|tests)\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no sluice jar in " + target + "; run mvn package first"));
        }
    }

    /** Every directory from / down to {@code dir} lets others search it; else another user could not reach the copy. */
    private static void requireTraversableByAll(Path dir) throws IOException {
        List<Path> closed = new ArrayList<>();
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                closed.add(p);
            }
        }
        if (!closed.isEmpty()) {
            throw new IllegalStateException("another user cannot reach " + dir + ": no search permission for others on "
                    + closed + "; point java.io.tmpdir at a directory everyone can traverse");
        }
    }

    private void tree(Path from, Path to) throws IOException {
        directory(to);
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(from)) {
            entries = walk.sorted().toList();
        }
        for (Path source : entries) {
            Path target = to.resolve(from.relativize(source).toString());
            if (Files.isDirectory(source)) {
                directory(target);
            } else {
                file(source, target, Files.isExecutable(source) ? EXECUTABLE : READABLE);
            }
        }
    }

    private void directory(Path dir) throws IOException {
        if (dir.equals(root) || Files.isDirectory(dir)) {
            return;
        }
        directory(dir.getParent());
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, DIRECTORY);
    }

    private void file(Path from, Path to, Set<PosixFilePermission> permissions) throws IOException {
        directory(to.getParent());
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
        Files.setPosixFilePermissions(to, permissions);
    }
}
