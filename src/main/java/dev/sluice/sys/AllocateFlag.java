package dev.sluice.sys;

/** fallocate(2) modes; none means allocate and extend the size. */
public enum AllocateFlag implements NativeFlag {
    /** FALLOC_FL_KEEP_SIZE: allocate blocks without changing the file's size. */
    KEEP_SIZE(Linux.FALLOC_FL_KEEP_SIZE()),
    /** FALLOC_FL_PUNCH_HOLE: free the range's blocks (with KEEP_SIZE); it reads as zeros. */
    PUNCH_HOLE(Linux.FALLOC_FL_PUNCH_HOLE()),
    /** FALLOC_FL_ZERO_RANGE: make the range read as zeros, keeping it allocated. */
    ZERO_RANGE(Linux.FALLOC_FL_ZERO_RANGE()),
    /** FALLOC_FL_COLLAPSE_RANGE: remove the range, moving what follows down (block-aligned). */
    COLLAPSE_RANGE(Linux.FALLOC_FL_COLLAPSE_RANGE()),
    /** FALLOC_FL_INSERT_RANGE: insert a hole of the range's size, moving what follows up (block-aligned). */
    INSERT_RANGE(Linux.FALLOC_FL_INSERT_RANGE());

    private final int bits;

    AllocateFlag(int bits) {
        this.bits = bits;
    }

    @Override
    public int bits() {
        return bits;
    }
}
