package dev.sluice.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU steal: the time this virtual machine's cores wanted to run but the host ran something else,
 * from the {@code cpu} line of /proc/stat. On the VMs the results come from, steal rises and falls
 * with the host's other tenants, and the host's handling of the guest's I/O slows with it, so a round
 * taken under steal measures the host more than the code: the report gives each round's share.
 */
final class CpuSteal {
    /** Field 8 of the cpu line (after the label): steal; fields 1 to 8 sum to all the cores' time. */
    private static final int STEAL = 8;
    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** The cores' time counters at one moment, in clock ticks; absent where /proc/stat says nothing. */
    record Sample(long steal, long total) {
        static final Sample NONE = new Sample(-1, -1);

        /**
         * {@return the share of all the cores' time stolen since {@code before}, in percent; NaN when
         * either sample is missing or no time passed}
         */
        double percentSince(Sample before) {
            long elapsed = total - before.total;
            if (total < 0 || before.total < 0 || elapsed <= 0) {
                return Double.NaN;
            }
            return 100.0 * (steal - before.steal) / elapsed;
        }
    }

    private CpuSteal() {
    }

    /** {@return the counters now, or {@link Sample#NONE} where /proc/stat cannot be read} */
    static Sample now() {
        try (var lines = Files.lines(PROC_STAT)) {
            return lines.findFirst().map(CpuSteal::parse).orElse(Sample.NONE);
        } catch (IOException | RuntimeException e) {
            return Sample.NONE;
        }
    }

    /** The counters of /proc/stat's first line, {@code cpu  user nice system idle iowait irq softirq steal ...}. */
    static Sample parse(String cpuLine) {
        String[] fields = cpuLine.strip().split("\\s+");
        if (fields.length <= STEAL || !fields[0].equals("cpu")) {
            return Sample.NONE;
        }
        long total = 0;
        for (int i = 1; i <= STEAL; i++) {
            total += Long.parseLong(fields[i]);
        }
        return new Sample(Long.parseLong(fields[STEAL]), total);
    }
}
