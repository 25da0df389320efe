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
