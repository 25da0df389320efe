package dev.sluice.examples;

// README begin
import dev.sluice.sys.Advice;
import dev.sluice.sys.CacheStat;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;
import dev.sluice.sys.SyncFlag;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.EnumSet;
// README end

/** The README's tour of the safe native layer, compiled and run by {@link ReadmeExamplesTest}. */
final class NativeFileExample {

    private NativeFileExample() {
    }

    // README begin
    static CacheStat writeDurablyAndDrop(Path path) throws IOException {
        try (NativeFile file = NativeFile.open(path, EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.CREATE));
             Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(1 << 20);
            file.write(buf, 0);                                  // whole count; short writes and EINTR looped
            file.syncRange(0, 0, EnumSet.of(SyncFlag.WRITE));    // start write-back now (not durability)
            file.syncData();                                     // fdatasync: durable
            file.advise(Advice.DONTNEED, 0, 0);                  // drop it from the page cache
            file.readahead(0, 8 << 20);                          // warm one read-ahead window
            return file.cacheStat(0, 0);                         // cachestat(2): cached/dirty/writeback/evicted pages
        }
    }
    // README end
}
