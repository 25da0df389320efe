package dev.sluice.cache;

import java.util.List;

/**
 * What an eviction did: the residency before and after, and, when pages stayed cached, why
 * (mapped or locked by a process, still dirty).
 */
public record EvictionReport(Residency before, Residency after, List<String> retainedBecause) {
    public EvictionReport {
        retainedBecause = List.copyOf(retainedBecause);
    }
}
