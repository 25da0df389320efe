package dev.sluice.bench.suite;

/**
 * One figure of one JMH run: the score, JMH's error (half its 99.9% confidence interval; NaN when
 * it cannot tell, e.g. from one iteration) and the unit.
 */
record Score(double value, double error, String unit) {
}
