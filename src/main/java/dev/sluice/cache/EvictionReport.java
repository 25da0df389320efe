package dev.sluice.cache;

import java.util.List;

/**
 * What an eviction did: the residency before and after, and, when pages stayed cached, why
 * (mapped or locked by a process, still dirty).
 *
 * @param before the residency before the eviction
 * @param after the residency after it
 * @param retainedBecause one line per reason pages stayed cached; empty if none stayed
 */
public record EvictionReport(Residency before, Residency after, List<String> retainedBecause) {
    /** Copies the reasons into an unmodifiable list. */
    public EvictionReport {
        retainedBecause = List.copyOf(retainedBecause);
    }
}
