package dev.sluice.bench.suite;

/**
 * A goal a scenario's results are judged against, e.g. "best sluice variant at least 1.3x NIO for
 * 64 KiB records".
 */
public interface Target {
    /** The target as the report states it. */
    String text();

    /** Judges the finished scenario. */
    Verdict judge(ScenarioResults results);

    /**
     * @param met true, false, or null when the results cannot tell (a variant missing or failed)
     * @param measured what was measured, in words and figures, e.g. "1.42x (sluice-writebehind)"
     */
    record Verdict(Boolean met, String measured) {
        public static Verdict of(boolean met, String measured) {
            return new Verdict(met, measured);
        }

        public static Verdict unknown(String why) {
            return new Verdict(null, why);
        }
    }
}
