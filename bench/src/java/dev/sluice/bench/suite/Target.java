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
     * What measurements on this machine showed to be the reason when the target is missed, pointing
     * at the rows of the report that show it; printed only for a missed target. Empty if not known.
     */
    default String whyMissed() {
        return "";
    }

    /** This target with the reason the report gives when it is missed. */
    default Target explainedBy(String why) {
        Target self = this;
        return new Target() {
            @Override
            public String text() {
                return self.text();
            }

            @Override
            public Verdict judge(ScenarioResults results) {
                return self.judge(results);
            }

            @Override
            public String whyMissed() {
                return why;
            }
        };
    }

    /**
     * @param met true, false, or null when the results cannot tell (a variant missing or failed) or
     *            were not judged
     * @param measured what was measured, in words and figures, e.g. "1.42x (sluice-writebehind)"
     * @param judged false for a run whose figures mean nothing (the smoke profile)
     */
    record Verdict(Boolean met, String measured, boolean judged) {
        public Verdict(Boolean met, String measured) {
            this(met, measured, true);
        }

        public static Verdict of(boolean met, String measured) {
            return new Verdict(met, measured);
        }

        /** What was measured, without a verdict: the run's figures mean nothing. */
        public static Verdict notJudged(String measured) {
            return new Verdict(null, measured, false);
        }

        public static Verdict unknown(String why) {
            return new Verdict(null, why);
        }
    }
}
