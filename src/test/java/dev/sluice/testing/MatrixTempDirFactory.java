package dev.sluice.testing;

import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

import java.nio.file.Path;

/**
 * Puts every {@code @TempDir} on the matrix file system. The matrix executions of the build set it as
 * {@code junit.jupiter.tempdir.factory.default}; JUnit deletes the directories as usual.
 */
public final class MatrixTempDirFactory implements TempDirFactory {
    @Override
    public Path createTempDirectory(AnnotatedElementContext elementContext, ExtensionContext extensionContext)
            throws Exception {
        return FileSystemMatrix.newTempDirectory(extensionContext.getRequiredTestClass());
    }
}
