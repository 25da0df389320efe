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
     * The variant against a named baseline rather than the reference: the ratio of their median
     * scores, oriented so that higher is better (e.g. sendfile against NIO transferTo).
     */
    default OptionalDouble ratio(Map<String, String> group, String variant, String against, Metric metric) {
        OptionalDouble v = score(group, variant, metric);
        OptionalDouble a = score(group, against, metric);
        if (v.isEmpty() || a.isEmpty() || v.getAsDouble() == 0 || a.getAsDouble() == 0) {
            return OptionalDouble.empty();
        }
        double r = metric.higherIsBetter() ? v.getAsDouble() / a.getAsDouble() : a.getAsDouble() / v.getAsDouble();
        return OptionalDouble.of(r);
    }

    /** The unit of a metric as JMH reported it (e.g. "s/op", "us"). */
    String unit(Metric metric);
}
