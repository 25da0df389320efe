package dev.sluice.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.EnumSet;

/** Small helpers for the sys tests: native copies of byte arrays, files opened for them. Test data is in {@link dev.sluice.testing.TestData}. */
final class TestFiles {
    private TestFiles() {
    }

    static MemorySegment nativeCopy(Arena arena, byte[] bytes) {
        MemorySegment segment = arena.allocate(bytes.length);
        MemorySegment.copy(bytes, 0, segment, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
        return segment;
    }

    static NativeFile openReadWrite(Path file) throws IOException {
        return openReadWrite(Kernel.system(), file);
    }

    /** Opens {@code file} so that every call on it goes through {@code kernel} (a fault injector's, say). */
    static NativeFile openReadWrite(Kernel kernel, Path file) throws IOException {
        return NativeFile.open(kernel, file, EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.CREATE), NativeFile.DEFAULT_PERMISSIONS);
    }

    /** A NativeFile over the read end of a pipe: the kernel refuses seekable-file calls on it. */
    static NativeFile pipeAsFile(Pipe pipe) {
        return new NativeFile(pipe.readEnd(), "pipe");
    }
}
