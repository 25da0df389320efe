package dev.sluice.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 14, defect 6: a set of open flags means what it says, although C's O_RDONLY is 0. */
class OpenFlagTest {
    @TempDir
    Path dir;

    @Test
    void readWithWriteOpensForBoth() throws Exception {
        try (NativeFile f = NativeFile.open(dir.resolve("rw"), EnumSet.of(OpenFlag.READ, OpenFlag.WRITE, OpenFlag.CREATE))) {
            assertReadsWhatItWrites(f);
        }
    }

    @ParameterizedTest(name = "openat2 = {0}")
    @ValueSource(booleans = {true, false})
    void readWithWriteOpensForBothBeneathADirectory(boolean useOpenat2) throws Exception {
        try (NativeDirectory d = NativeDirectory.open(dir);
             NativeFile f = d.openFile("rw", EnumSet.of(OpenFlag.READ, OpenFlag.WRITE, OpenFlag.CREATE),
                     NativeFile.DEFAULT_PERMISSIONS, useOpenat2)) {
            assertReadsWhatItWrites(f);
        }
    }

    @Test
    void eachSetMapsToOneAccessMode() {
        int others = Linux.O_CREAT();
        assertThat(OpenFlag.bits(EnumSet.of(OpenFlag.READ, OpenFlag.CREATE))).isEqualTo(Linux.O_RDONLY() | others);
        assertThat(OpenFlag.bits(EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE))).isEqualTo(Linux.O_WRONLY() | others);
        for (Set<OpenFlag> both : Set.of(EnumSet.of(OpenFlag.READ_WRITE), EnumSet.of(OpenFlag.READ, OpenFlag.WRITE),
                EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.READ), EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.WRITE))) {
            assertThat(OpenFlag.bits(both)).as("%s", both).isEqualTo(Linux.O_RDWR());
        }
    }

    @Test
    void aSetWithoutAnAccessModeIsRefusedBeforeTheCall() {
        assertThatThrownBy(() -> NativeFile.open(dir.resolve("none"), EnumSet.of(OpenFlag.CREATE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no access mode").hasMessageContaining("READ, WRITE or READ_WRITE");
        assertThat(dir.resolve("none")).doesNotExist();
    }

    private static void assertReadsWhatItWrites(NativeFile f) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocateFrom("both ways");
            f.write(out, 0);
            MemorySegment back = arena.allocate(out.byteSize());
            f.readFully(back, 0);
            assertThat(back.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(out.toArray(ValueLayout.JAVA_BYTE));
        }
    }
}
