package dev.sluice.bench;

import dev.sluice.cache.EvictionReport;
import dev.sluice.cache.PageCache;
import dev.sluice.cache.Progress;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

import java.io.IOException;

/** Scenario {@code read-cold}: the dataset read after evicting it from the page cache (eviction not timed). */
public class ReadColdBenchmark extends ReadBenchmarkBase {
    @Setup(Level.Iteration)
    public void evict() throws IOException {
        EvictionReport report = PageCache.evict(data.segment, 0, 0, Progress.NONE);
        if (report.after().percentCached() > 1.0) {
            throw new IllegalStateException("eviction left " + report.after().percentCached() + "% cached: "
                    + report.retainedBecause());
        }
    }
}
