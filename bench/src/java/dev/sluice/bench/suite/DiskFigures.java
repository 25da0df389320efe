package dev.sluice.bench.suite;

import dev.sluice.bench.LimitProgram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How fast the disk under the benchmarks' files was when the run started, measured by the limit
 * program's {@code disk} mode: sequential write (1 MiB writes, one fdatasync) and cold read rate of
 * {@code bytes}, and the latency of a 4 KiB write and fdatasync, {@code syncs} times. This disk drifts
 * between minutes and days (DESIGN.md §3), so two reports can only be compared with these beside
 * them. Before them, the first-touch rate of as much fresh anonymous memory ({@code touchMBps}): in a
 * VM whose balloon reports free pages to the host each such page is a host fault, and the page cache
 * of a new write pays the same, so a write rate near this one is the memory's, not the disk's.
 *
 * @param failure why they could not be measured, or null
 */
record DiskFigures(long bytes, int syncs, double writeMBps, double readMBps, double fdatasyncMedianUs,
                   double fdatasyncMaxUs, double touchMBps, String failure) {

    /** Measures them with files in {@code directory} (created if needed; the program removes its file). */
    static DiskFigures measure(Path directory, long bytes, int syncs) {
        try {
            Files.createDirectories(directory);
            Map<String, String> f = LimitProgram.run(List.of("disk", directory.toString(), Long.toString(bytes),
                    Integer.toString(syncs)));
            return new DiskFigures(bytes, syncs, LimitProgram.figure(f, "writeMBps"), LimitProgram.figure(f, "readMBps"),
                    LimitProgram.figure(f, "fdatasyncMedianUs"), LimitProgram.figure(f, "fdatasyncMaxUs"),
                    LimitProgram.figure(f, "touchMBps"), null);
        } catch (IOException | RuntimeException e) {
            return failed(bytes, syncs, e.getMessage() == null ? e.toString() : e.getMessage().strip());
        }
    }

    static DiskFigures failed(long bytes, int syncs, String why) {
        return new DiskFigures(bytes, syncs, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, why);
    }

    /** One line for the report's header and the progress output. */
    String describe() {
        if (failure != null) {
            return "not measured (" + failure + ")";
        }
        return String.format(Locale.ROOT, "sequential write %.0f MB/s, cold read %.0f MB/s (%d MiB in 1 MiB calls); "
                        + "4 KiB write + fdatasync: median %.2f ms, max %.2f ms (%d calls); fresh memory at first "
                        + "touch %.0f MB/s", writeMBps, readMBps, bytes >> 20, fdatasyncMedianUs / 1e3,
                fdatasyncMaxUs / 1e3, syncs, touchMBps);
    }

    /** The object summary.json holds under {@code machine.disk}. */
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("writeMBps", writeMBps);
        json.put("readMBps", readMBps);
        json.put("fdatasyncMedianUs", fdatasyncMedianUs);
        json.put("fdatasyncMaxUs", fdatasyncMaxUs);
        json.put("touchMBps", touchMBps);
        json.put("bytes", bytes);
        json.put("syncs", syncs);
        json.put("failure", failure);
        return json;
    }
}
