package dev.sluice.sys;

import dev.sluice.bindings.Linux;

/** sync_file_range(2) flags. Not durability: no metadata, no device cache flush. */
public enum SyncFlag implements NativeFlag {
    WAIT_BEFORE(Linux.SYNC_FILE_RANGE_WAIT_BEFORE()),
    WRITE(Linux.SYNC_FILE_RANGE_WRITE()),
    WAIT_AFTER(Linux.SYNC_FILE_RANGE_WAIT_AFTER());

    private final int bits;

    SyncFlag(int bits) {
        this.bits = bits;
    }

    @Override
    public int bits() {
        return bits;
    }
}
