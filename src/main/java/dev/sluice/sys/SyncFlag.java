package dev.sluice.sys;

/** sync_file_range(2) flags. Not durability: no metadata, no device cache flush. */
public enum SyncFlag implements NativeFlag {
    /** SYNC_FILE_RANGE_WAIT_BEFORE: wait for write-back already under way in the range. */
    WAIT_BEFORE(Linux.SYNC_FILE_RANGE_WAIT_BEFORE()),
    /** SYNC_FILE_RANGE_WRITE: start write-back of the range's dirty pages. */
    WRITE(Linux.SYNC_FILE_RANGE_WRITE()),
    /** SYNC_FILE_RANGE_WAIT_AFTER: wait for the range's write-back to finish. */
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
