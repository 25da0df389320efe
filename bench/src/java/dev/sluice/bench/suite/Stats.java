package dev.sluice.bench.suite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The little statistics the summary needs. */
final class Stats {
    private Stats() {
    }

    /** The median; of an even count, the mean of the two middle values. NaN for no values. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** Half of (largest - smallest). NaN for no values. */
    static double halfRange(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        return (Collections.max(values) - Collections.min(values)) / 2;
    }
}
