package dev.sluice.testing;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.util.EnumMap;
import java.util.Map;

/**
 * Says what each matrix run did, in one line at its start and one at its end, and tears the file
 * system down when the plan ends. Registered through the ServiceLoader; idle outside the matrix.
 */
public final class FileSystemMatrixListener implements TestExecutionListener {
    private final Map<TestExecutionResult.Status, Integer> results = new EnumMap<>(TestExecutionResult.Status.class);
    private int skipped;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        FileSystemMatrix.requested().ifPresent(kind -> {
            String why = kind.whyUnavailable();
            System.out.println(why == null ? "[fs-matrix] " + kind.type() + ": running the @Tag(\"" + FileSystemMatrix.TAG
                    + "\") classes with every @TempDir on " + kind.type()
                    : "[fs-matrix] " + kind.type() + ": skipped, " + why);
        });
    }

    @Override
    public void executionSkipped(TestIdentifier testIdentifier, String reason) {
        skipped++;
    }

    @Override
    public void executionFinished(TestIdentifier testIdentifier, TestExecutionResult result) {
        if (testIdentifier.isTest()) {
            results.merge(result.getStatus(), 1, Integer::sum);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (FileSystemMatrix.requested().isEmpty()) {
            return;
        }
        String type = FileSystemMatrix.requested().get().type();
        String counts = results.getOrDefault(TestExecutionResult.Status.SUCCESSFUL, 0) + " tests passed, "
                + results.getOrDefault(TestExecutionResult.Status.FAILED, 0) + " failed, "
                + results.getOrDefault(TestExecutionResult.Status.ABORTED, 0) + " aborted, " + skipped + " skipped";
        String summary = FileSystemMatrix.tearDown();
        System.out.println("[fs-matrix] " + type + ": " + counts + (summary == null ? "" : "; " + summary));
    }
}
