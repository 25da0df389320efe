package dev.sluice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** This process's open file descriptors, as /proc/self/fd shows them. */
public final class OpenDescriptors {
    private OpenDescriptors() {
    }

    /** Every open descriptor and what it points to ("/path", "pipe:[N]", "socket:[N]", ...). */
    public static Map<Integer, String> all() throws IOException {
        Map<Integer, String> open = new TreeMap<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    open.put(Integer.parseInt(fd.getFileName().toString()), Files.readSymbolicLink(fd).toString());
                } catch (IOException closedMeanwhile) {
                    // the listing's own descriptor, or one another thread closed while we looked
                }
            }
        }
        return open;
    }

    /** "fd N -> target" for each open descriptor that points at {@code dir} or below it. */
    public static List<String> below(Path dir) throws IOException {
        Path real = dir.toRealPath();
        return all().entrySet().stream().filter(e -> Path.of(e.getValue()).startsWith(real))
                .map(e -> "fd " + e.getKey() + " -> " + e.getValue()).toList();
    }
}
