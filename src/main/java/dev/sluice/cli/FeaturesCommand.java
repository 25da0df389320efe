package dev.sluice.cli;

import dev.sluice.sys.KernelFeatures;

import java.io.PrintWriter;

/** {@code sluice features}: what this kernel and JVM give sluice to work with. */
final class FeaturesCommand {
    static final String DESCRIPTION = "Show the kernel features sluice probes (cachestat, openat2, RWF_DONTCACHE).";

    private FeaturesCommand() {
    }

    static void define(CommandSpec command) {
        command.action(FeaturesCommand::run);
    }

    private static int run(Invocation call) {
        PrintWriter out = call.out();
        out.printf("%-16s %s%n", "kernel", KernelFeatures.kernelRelease());
        out.printf("%-16s %d%n", "page size", KernelFeatures.pageSize());
        out.printf("%-16s %s%n", "cachestat", yesNo(KernelFeatures.cachestat(), "Linux 6.5+; else mincore"));
        out.printf("%-16s %s%n", "openat2", yesNo(KernelFeatures.openat2(), "Linux 5.6+; else O_NOFOLLOW"));
        out.printf("%-16s %s%n", "RWF_DONTCACHE",
                yesNo(KernelFeatures.dontCache(), "Linux 6.14+ and file system support; else drop-behind"));
        return CommandRunner.OK;
    }

    private static String yesNo(boolean present, String note) {
        return (present ? "yes" : "no") + " (" + note + ")";
    }
}
