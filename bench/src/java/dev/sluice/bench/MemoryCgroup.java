package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Puts this JVM into a child memory cgroup with a limit, so the page cache it fills meets memory
 * pressure on a machine with far more RAM than the benchmark data (page cache is charged to the
 * cgroup of the process that brings it in). Needs root and the memory controller (cgroup v1, or v2
 * where the current cgroup may have children with their own limit). {@link #close()} moves the JVM
 * back and removes the child.
 */
final class MemoryCgroup implements AutoCloseable {
    private final Path home;
    private final Path child;

    private MemoryCgroup(Path home, Path child) {
        this.home = home;
        this.child = child;
    }

    /** Enters a new child cgroup limited to {@code limitBytes}, or says why it cannot. */
    static Optional<MemoryCgroup> enter(long limitBytes, StringBuilder whyNot) {
        try {
            Optional<Path> home = v1Home();
            String limitFile = "memory.limit_in_bytes";
            if (home.isEmpty()) {
                home = v2Home();
                limitFile = "memory.max";
            }
            if (home.isEmpty()) {
                whyNot.append("no memory cgroup controller is mounted");
                return Optional.empty();
            }
            Path child = home.get().resolve("sluice-bench-" + ProcessHandle.current().pid());
            Files.createDirectories(child);
            try {
                Files.writeString(child.resolve(limitFile), Long.toString(limitBytes));
                Files.writeString(child.resolve("cgroup.procs"), Long.toString(ProcessHandle.current().pid()));
            } catch (IOException e) {
                Files.deleteIfExists(child);
                throw e;
            }
            return Optional.of(new MemoryCgroup(home.get(), child));
        } catch (IOException | RuntimeException e) {
            whyNot.append("cannot set up a memory cgroup (").append(e).append("); root and the memory controller are needed");
            return Optional.empty();
        }
    }

    /** The v1 memory hierarchy's directory for this process, from /proc/self/cgroup and mountinfo. */
    private static Optional<Path> v1Home() throws IOException {
        Optional<String> mount = mountPoint(" - cgroup ", "memory");
        if (mount.isEmpty()) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && List.of(f[1].split(",")).contains("memory")) {
                return Optional.of(Path.of(mount.get() + f[2]));
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> v2Home() throws IOException {
        Optional<String> mount = mountPoint(" - cgroup2 ", null);
        if (mount.isEmpty()) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            if (line.startsWith("0::")) {
                Path home = Path.of(mount.get() + line.substring(3));
                String controllers = Files.readString(home.resolve("cgroup.controllers"));
                return controllers.contains("memory") ? Optional.of(home) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The mount point of a cgroup file system whose super options include {@code option} (any if null). */
    private static Optional<String> mountPoint(String type, String option) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            int sep = line.indexOf(type);
            if (sep < 0) {
                continue;
            }
            String[] before = line.substring(0, sep).split(" ");
            String[] after = line.substring(sep + type.length()).split(" ");
            String superOptions = after.length > 1 ? after[1] : "";
            if (option == null || List.of(superOptions.split(",")).contains(option)) {
                return Optional.of(before[4]);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        Files.writeString(home.resolve("cgroup.procs"), Long.toString(ProcessHandle.current().pid()));
        for (int attempt = 0; ; attempt++) {
            try {
                Files.deleteIfExists(child);
                return;
            } catch (IOException e) {
                if (attempt >= 50) {
                    throw e;
                }
                try {
                    Thread.sleep(20); // the kernel may still be moving the threads' charges out
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
