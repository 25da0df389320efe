package dev.sluice.sys;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

/**
 * Kernel features probed once per JVM, so upper layers can fall back cleanly on older kernels.
 * Each probe makes the real call: cachestat and openat2 on an invalid descriptor (EBADF means the
 * call exists, ENOSYS that it does not), RWF_DONTCACHE with a one-byte read of a temporary file.
 */
public final class KernelFeatures {
    private KernelFeatures() {
    }

    /** {@return whether the kernel has cachestat(2)} Linux 6.5+. */
    public static boolean cachestat() {
        return Cachestat.PRESENT;
    }

    /** {@return whether the kernel has openat2(2)} Linux 5.6+. */
    public static boolean openat2() {
        return Openat2.PRESENT;
    }

    /** {@return whether RWF_DONTCACHE works for preadv2/pwritev2 (Linux 6.14+) on the file system of java.io.tmpdir} */
    public static boolean dontCache() {
        return DontCache.WORKS;
    }

    /** {@return the page size in bytes} From sysconf(_SC_PAGESIZE). */
    public static long pageSize() {
        return PageSize.BYTES;
    }

    /** {@return the running kernel's release, e.g. "6.18.44", or "unknown"} From /proc/sys/kernel/osrelease. */
    public static String kernelRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /*
     * One holder per probe, so a command makes only the probes it needs: each costs a native
     * link, and the RWF_DONTCACHE one a temporary file.
     */
    private static final class Cachestat {
        static final boolean PRESENT = exists(probeCachestat(), "cachestat");
    }

    private static final class Openat2 {
        static final boolean PRESENT = exists(probeOpenat2(), "openat2");
    }

    private static final class DontCache {
        static final boolean WORKS = probeDontCache();
    }

    private static final class PageSize {
        static final long BYTES = Linux.sysconf(Linux._SC_PAGESIZE());
    }

    /** The logger, loaded only when a probe has something to say: SLF4J's start costs a short command. */
    private static Logger log() {
        return LoggerFactory.getLogger(KernelFeatures.class);
    }

    private static boolean exists(int result, String name) {
        boolean present = result != -Errno.ENOSYS.value();
        if (!present) {
            log().debug("{}: not available (ENOSYS)", name);
        }
        return present;
    }

    private static int probeCachestat() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment range = arena.allocate(cachestat_range.layout());
            MemorySegment stat = arena.allocate(cachestat.layout());
            return Kernel.system().libc().cachestat(-1, range, stat, 0);
        }
    }

    private static int probeOpenat2() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment how = arena.allocate(open_how.layout());
            return Kernel.system().libc().openat2(-1, arena.allocateFrom("."), how, open_how.sizeof());
        }
    }

    private static boolean probeDontCache() {
        Path probe = null;
        try {
            probe = Files.createTempFile("sluice-dontcache", ".probe");
            try (NativeFile file = NativeFile.open(probe, EnumSet.of(OpenFlag.READ));
                 Arena arena = Arena.ofConfined()) {
                file.read(arena.allocate(1), 0, EnumSet.of(RwFlag.DONTCACHE));
                return true;
            }
        } catch (NativeIOException e) {
            log().debug("RWF_DONTCACHE: not available ({})", e.getMessage());
            return false;
        } catch (IOException e) {
            log().debug("RWF_DONTCACHE: could not probe ({})", e.toString());
            return false;
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException ignored) {
                    // a leftover empty temporary file is harmless
                }
            }
        }
    }
}
