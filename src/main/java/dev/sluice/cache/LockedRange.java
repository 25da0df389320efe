package dev.sluice.cache;

import dev.sluice.sys.MappedRegion;
import dev.sluice.sys.NativeFile;

import java.io.IOException;

/** A file range held in memory with mmap + mlock until closed. */
public final class LockedRange implements AutoCloseable {
    private final NativeFile file;
    private final MappedRegion region;

    LockedRange(NativeFile file, MappedRegion region) {
        this.file = file;
        this.region = region;
    }

    /** {@return the locked file's path} */
    public String path() {
        return file.path();
    }

    /** {@return the bytes locked} */
    public long bytes() {
        return region.segment().byteSize();
    }

    /**
     * Unlocks (munlock), unmaps and closes the file.
     *
     * @throws IOException if munlock, munmap or close fails
     */
    @Override
    public void close() throws IOException {
        try (file; region) {
            if (region.isMapped()) {
                region.unlock();
            }
        }
    }
}
