package dev.sluice.bench.suite;

import java.util.List;
import java.util.Map;

/**
 * How one scenario runs under one {@link Profile}.
 *
 * @param params the JMH parameters (name to values); each round runs every combination
 * @param rounds how many rounds: each round runs every variant back to back, once
 * @param forks JMH forks per variant per round (at least 1)
 * @param warmups JMH warmup iterations per fork
 * @param iterations JMH measurement iterations per fork
 * @param iterationSeconds the length of a timed iteration, for scenarios in a timed mode (ignored for single-shot ones)
 */
public record Settings(Map<String, List<String>> params, int rounds, int forks, int warmups, int iterations,
                       int iterationSeconds) {
    public Settings {
        params = Map.copyOf(params);
        if (rounds < 1 || forks < 1 || warmups < 0 || iterations < 1 || iterationSeconds < 1) {
            throw new IllegalArgumentException("rounds, forks, iterations and seconds must be >= 1, warmups >= 0");
        }
    }
}
