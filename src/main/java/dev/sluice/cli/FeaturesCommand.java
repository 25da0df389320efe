package dev.sluice.cli;

import dev.sluice.sys.KernelFeatures;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code sluice features}: what this kernel and JVM give sluice to work with. */
@Command(name = "features", description = "Show the kernel features sluice probes (cachestat, openat2, RWF_DONTCACHE).")
final class FeaturesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.printf("%-16s %s%n", "kernel", KernelFeatures.kernelRelease());
        System.out.printf("%-16s %d%n", "page size", KernelFeatures.pageSize());
        System.out.printf("%-16s %s%n", "cachestat", yesNo(KernelFeatures.cachestat(), "Linux 6.5+; else mincore"));
        System.out.printf("%-16s %s%n", "openat2", yesNo(KernelFeatures.openat2(), "Linux 5.6+; else O_NOFOLLOW"));
        System.out.printf("%-16s %s%n", "RWF_DONTCACHE",
                yesNo(KernelFeatures.dontCache(), "Linux 6.14+ and file system support; else drop-behind"));
        return 0;
    }

    private static String yesNo(boolean present, String note) {
        return (present ? "yes" : "no") + " (" + note + ")";
    }
}
