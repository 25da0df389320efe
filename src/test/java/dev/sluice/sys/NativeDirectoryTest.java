package dev.sluice.sys;

import dev.sluice.testing.TestData;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("fs-matrix")
class NativeDirectoryTest {
    private static final Set<OpenFlag> CREATE = EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.CREATE);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "openat2 = {0}")
    @ValueSource(booleans = {true, false})
    void opensAndCreatesFilesBeneathTheDirectory(boolean useOpenat2) throws Exception {
        try (NativeDirectory d = NativeDirectory.open(dir);
             NativeFile f = d.openFile("a.log", CREATE, NativeFile.DEFAULT_PERMISSIONS, useOpenat2)) {
            assertThat(f.fd().isCloseOnExec()).isTrue();
            assertThat(f.path()).isEqualTo(dir + "/a.log");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a.log"))))
                .isEqualTo("rw-r-----");
    }

    @ParameterizedTest(name = "openat2 = {0}")
    @ValueSource(booleans = {true, false})
    void refusesSymlinkedFiles(boolean useOpenat2) throws Exception {
        Path target = TestData.fileWith(dir, "target", new byte[1]);
        Files.createSymbolicLink(dir.resolve("link"), target);
        try (NativeDirectory d = NativeDirectory.open(dir)) {
            assertThatThrownBy(() -> d.openFile("link", CREATE, NativeFile.DEFAULT_PERMISSIONS, useOpenat2))
                    .isInstanceOf(NativeIOException.class).hasMessageContaining("ELOOP");
        }
    }

    @Test
    void refusesSymlinkedDirectoriesInsideAPath() throws Exception {
        Files.createDirectory(dir.resolve("real"));
        Files.createSymbolicLink(dir.resolve("sub"), dir.resolve("real"));
        try (NativeDirectory d = NativeDirectory.open(dir)) {
            d.openFile("real/x", CREATE, NativeFile.DEFAULT_PERMISSIONS).close();
            assertThatThrownBy(() -> d.openFile("sub/x", CREATE, NativeFile.DEFAULT_PERMISSIONS, true))
                    .isInstanceOf(NativeIOException.class).hasMessageContaining("openat2(").hasMessageContaining("ELOOP");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape", "/etc/passwd", "a/../../b", "", ".", "nul\0byte", "a//b"})
    void refusesNamesThatCouldEscapeBeforeAnySyscall(String name) throws Exception {
        FaultInjector counting = FaultInjector.system();
        try (NativeDirectory d = NativeDirectory.open(counting.kernel(), dir)) {
            assertThatThrownBy(() -> d.openFile(name, CREATE, NativeFile.DEFAULT_PERMISSIONS))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(counting.calls(Syscall.OPENAT2) + counting.calls(Syscall.OPENAT)).isZero();
        }
    }

    @Test
    void openingAMissingDirectoryIsNoSuchFile() {
        assertThatThrownBy(() -> NativeDirectory.open(dir.resolve("nope"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void openatErrorsAreReported() throws Exception {
        try (NativeDirectory d = NativeDirectory.open(dir)) {
            assertThatThrownBy(() -> d.openFile("missing", EnumSet.of(OpenFlag.READ), NativeFile.DEFAULT_PERMISSIONS, false))
                    .isInstanceOf(NoSuchFileException.class).hasMessageContaining("openat failed: ENOENT");
            assertThatThrownBy(() -> d.openFile("missing", EnumSet.of(OpenFlag.READ), NativeFile.DEFAULT_PERMISSIONS, true))
                    .isInstanceOf(NoSuchFileException.class).hasMessageContaining("openat2 failed: ENOENT");
        }
    }

    @Test
    void createRenameDeleteAndSync() throws Exception {
        try (NativeDirectory d = NativeDirectory.open(dir)) {
            d.createDirectory("sub", PosixFilePermissions.fromString("rwxr-x---"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("sub"))))
                    .isEqualTo("rwxr-x---");
            assertThatThrownBy(() -> d.createDirectory("sub", PosixFilePermissions.fromString("rwxr-x---")))
                    .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("mkdirat");

            d.openFile("tmp", CREATE, NativeFile.DEFAULT_PERMISSIONS).close();
            d.rename("tmp", "final");
            assertThat(dir.resolve("final")).exists();
            assertThat(dir.resolve("tmp")).doesNotExist();
            assertThatThrownBy(() -> d.rename("tmp", "other")).isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining("renameat");
            assertThatThrownBy(() -> d.rename("final", "../out")).isInstanceOf(IllegalArgumentException.class);

            d.delete("final");
            assertThat(dir.resolve("final")).doesNotExist();
            assertThatThrownBy(() -> d.delete("final")).isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining("unlinkat");
            d.sync();
        }
    }
}
