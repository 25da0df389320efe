package dev.sluice.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What the report says about the machine, its disk's speed at the start of the run included: results mean little without it. */
record Machine(String kernel, int cores, String cpu, String memory, String jdk, String readAhead, DiskFigures disk) {
    private static final String UNKNOWN = "unknown";

    /** This machine, with the read-ahead of the block device holding {@code directory}, and the disk figures measured there. */
    static Machine probe(Path directory, DiskFigures disk) {
        return new Machine(System.getProperty("os.version"), Runtime.getRuntime().availableProcessors(), probeCpu(), probeMemory(),
                Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ", " + System.getProperty("java.vm.name") + ")",
                readAhead(directory), disk);
    }

    /** The object summary.json holds under {@code machine}. */
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kernel", kernel);
        json.put("cores", cores);
        json.put("cpu", cpu);
        json.put("memory", memory);
        json.put("jdk", jdk);
        json.put("readAhead", readAhead);
        json.put("disk", disk.json());
        return json;
    }

    private static String probeCpu() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse(UNKNOWN);
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    private static String probeMemory() {
        try (var lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemTotal:")).map(l -> l.replaceAll("\\D", ""))
                    .map(kib -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kib) / (1024.0 * 1024)))
                    .findFirst().orElse(UNKNOWN);
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /**
     * {@code read_ahead_kb} of the disk holding the directory, e.g. "8192 KiB (vda)". The queue
     * belongs to the whole disk, so for a partition it is one level up in sysfs.
     */
    static String readAhead(Path directory) {
        long dev;
        try {
            dev = (Long) Files.getAttribute(directory, "unix:dev");
        } catch (IOException | RuntimeException e) {
            return UNKNOWN + " (" + e.getMessage() + ")";
        }
        // the kernel's dev_t encoding, as glibc's major() and minor() decode it
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
        Path device = Path.of("/sys/dev/block/" + major + ":" + minor);
        try {
            Path real = device.toRealPath();
            for (Path disk : new Path[] {real, real.getParent()}) {
                Path value = disk.resolve("queue/read_ahead_kb");
                if (Files.isReadable(value)) {
                    return Files.readString(value).strip() + " KiB (" + disk.getFileName() + ")";
                }
            }
        } catch (IOException e) {
            // not a block device: tmpfs, overlay, NFS...
        }
        return UNKNOWN + " (device " + major + ":" + minor + " is not a block device)";
    }
}
