package dev.sluice.sys;

import java.util.Collection;

/** A typed stand-in for one C flag bit (or advice value). */
interface NativeFlag {
    int bits();

    static int combine(Collection<? extends NativeFlag> flags) {
        int bits = 0;
        for (NativeFlag flag : flags) {
            bits |= flag.bits();
        }
        return bits;
    }
}
