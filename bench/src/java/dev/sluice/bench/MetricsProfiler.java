package dev.sluice.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Turns what a benchmark put in {@link Metrics} during an iteration into JMH secondary results
 * (averaged over iterations and forks like the primary score). Add with
 * {@code -prof dev.sluice.bench.MetricsProfiler} or {@code OptionsBuilder.addProfiler}.
 */
public final class MetricsProfiler implements InternalProfiler {
    @Override
    public String getDescription() {
        return "figures sluice's benchmarks measure themselves (percentiles, CPU time, cached bytes)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        Metrics.drain(); // nothing left over from setup or an earlier iteration
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        List<Result> out = new ArrayList<>();
        for (Map.Entry<String, Metrics.Figure> e : Metrics.drain().entrySet()) {
            out.add(new ScalarResult(e.getKey(), e.getValue().value(), e.getValue().unit(), AggregationPolicy.AVG));
        }
        return out;
    }
}
