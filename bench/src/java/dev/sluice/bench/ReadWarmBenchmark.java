package dev.sluice.bench;

import dev.sluice.cache.PageCache;
import dev.sluice.cache.Progress;
import dev.sluice.cache.Residency;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

import java.io.IOException;

/** Scenario {@code read-warm}: the dataset read while fully in the page cache. */
public class ReadWarmBenchmark extends ReadBenchmarkBase {
    @Setup(Level.Iteration)
    public void warm() throws IOException {
        Residency r = PageCache.warm(data.segment, 0, 0, Progress.NONE);
        if (r.percentCached() < 99.0) {
            throw new IllegalStateException("warming left only " + r.percentCached() + "% cached");
        }
    }
}
