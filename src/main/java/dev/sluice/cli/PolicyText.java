package dev.sluice.cli;

import dev.sluice.log.CacheHint;
import dev.sluice.log.DataSize;
import dev.sluice.log.Durability;
import dev.sluice.log.IoMode;
import dev.sluice.log.LogConfig;
import dev.sluice.sys.KernelFeatures;

import java.util.Locale;

/** A writer's policy in the flags' words, saying what each one does where that is not obvious. */
final class PolicyText {
    private PolicyText() {
    }

    static String of(LogConfig config) {
        return "io " + config.ioMode().name().toLowerCase(Locale.ROOT) + ", write-behind " + config.writeBehind()
                + ", durability " + durability(config.durability()) + ", cache " + cache(config)
                + ", format " + LogPolicyOptions.name(config.format());
    }

    static String durability(Durability d) {
        return d + switch (d.kind()) {
            case NONE -> " (never synced: not durable)";
            case EVERY_APPEND -> " (an fdatasync per batch)";
            case BYTES -> " (an fdatasync every " + DataSize.ofBytes(d.bytes()) + ")";
            case INTERVAL -> " (an fdatasync every " + d.interval().toMillis() + " ms)";
        };
    }

    private static String cache(LogConfig config) {
        String hint = LogPolicyOptions.name(config.cacheHint());
        if (config.cacheHint() == CacheHint.UNCACHED && config.ioMode() == IoMode.PWRITE && !KernelFeatures.dontCache()) {
            return hint + " (as drop-behind: this kernel has no RWF_DONTCACHE)";
        }
        return hint;
    }
}
