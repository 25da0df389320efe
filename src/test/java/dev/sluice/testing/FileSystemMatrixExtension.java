package dev.sluice.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * In a matrix JVM (registered by extension auto-detection, which only the matrix executions turn on):
 * skips every class when the file system cannot be made here, and fails a class that wrote nothing
 * to it, since such a class would silently have run on the default temporary directory's disk.
 */
public final class FileSystemMatrixExtension implements ExecutionCondition, AfterAllCallback {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String why = FileSystemMatrix.whyUnavailable();
        return why == null ? ConditionEvaluationResult.enabled("matrix file system available")
                : ConditionEvaluationResult.disabled("file system matrix skipped: " + why);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        if (FileSystemMatrix.requested().isPresent() && testClass.getEnclosingClass() == null
                && !FileSystemMatrix.madeTempDirectory(testClass)) {
            throw new AssertionError(testClass.getSimpleName() + " is in the file system matrix but made no @TempDir, "
                    + "so nothing it wrote was on " + FileSystemMatrix.requested().get().type()
                    + ": create its files under an @TempDir");
        }
    }
}
