package dev.sluice.bench.suite;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What {@link Target}s may ask of a finished scenario. A "group" is one combination of the
 * non-variant parameters (e.g. {@code {recordSize=64k}}); an empty map when there are none.
 */
public interface ScenarioResults {
    /** The groups measured, in run order. */
    List<Map<String, String>> groups();

    /** The variants measured in a group, in run order. */
    List<String> variants(Map<String, String> group);

    /** The median over rounds of the variant's score for the metric, in the metric's unit. */
    OptionalDouble score(Map<String, String> group, String variant, Metric metric);

    /** The median over rounds of (variant vs the group's reference baseline), higher is better. */
    OptionalDouble ratio(Map<String, String> group, String variant, Metric metric);

    /**
     * The variant against a named baseline rather than the reference (e.g. sendfile against NIO
     * transferTo): the median of the per-round ratios, higher is better.
     */
    OptionalDouble ratio(Map<String, String> group, String variant, String against, Metric metric);

    /** Whether the variant is a baseline (NIO, or one of the scenario's references) rather than sluice's. */
    boolean isBaseline(String variant);

    /** The unit of a metric as JMH reported it (e.g. "s/op", "us"). */
    String unit(Metric metric);
}
