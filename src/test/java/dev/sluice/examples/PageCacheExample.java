package dev.sluice.examples;

// README begin
import dev.sluice.cache.EvictionReport;
import dev.sluice.cache.LockedRange;
import dev.sluice.cache.PageCache;
import dev.sluice.cache.PageMap;
import dev.sluice.cache.Progress;
import dev.sluice.cache.Residency;
import dev.sluice.sys.Advice;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
// README end

/** The README's tour of page-cache control, compiled and run by {@link ReadmeExamplesTest}. */
final class PageCacheExample {

    private PageCacheExample() {
    }

    // README begin
    static EvictionReport tour(Path path) throws IOException {
        Residency r = PageCache.residency(path);                 // cachestat(2), or mincore(2) before Linux 6.5
        System.out.printf("%s: %.1f%% cached (%s)%n", path, r.percentCached(), r.source());
        PageMap map = PageCache.pageMap(path, 0, 0);             // per page; map.runs()
        System.out.println(map.render(60));
        PageCache.warm(path, 0, 0, Progress.NONE);               // blocking; warmAsync(path, 0, 0, executor)
        try (LockedRange locked = PageCache.lock(path, 0, 0)) {  // mmap + mlock: stays cached until close
            System.out.println(locked.bytes() + " bytes locked");
        }
        try (NativeFile file = NativeFile.open(path, EnumSet.of(OpenFlag.READ))) {
            file.advise(Advice.SEQUENTIAL, 0, 0);                // access advice on an open file, as typed values
        }
        EvictionReport report = PageCache.evict(path, 0, 0, Progress.NONE);
        report.retainedBecause().forEach(System.out::println);  // e.g. "mapped by pid 4242 (java): 8192 KiB resident"
        return report;
    }
    // README end
}
