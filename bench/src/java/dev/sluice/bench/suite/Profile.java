package dev.sluice.bench.suite;

/** How much a suite run measures: the data size, rounds and JMH iterations each scenario uses. */
public enum Profile {
    /** Every scenario in under 10 minutes on 2 cores and a disk that writes 300 MB/s ({@link RunEstimate}): the README's main command. */
    QUICK,
    /** For serious runs: full sizes, more rounds and iterations. */
    FULL,
    /** One tiny configuration per scenario, for CI: proves the suite compiles and runs; its figures mean nothing. */
    SMOKE
}
