package dev.sluice.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Random;

/** Small helpers for tests: files with known content, and native copies of byte arrays. */
final class TestFiles {
    private TestFiles() {
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static Path fileWith(Path dir, String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }

    static MemorySegment nativeCopy(Arena arena, byte[] bytes) {
        MemorySegment segment = arena.allocate(bytes.length);
        MemorySegment.copy(bytes, 0, segment, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
        return segment;
    }

    static NativeFile openReadWrite(Path file) throws IOException {
        return NativeFile.open(file, EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.CREATE));
    }

    /** A NativeFile over the read end of a pipe: the kernel refuses seekable-file calls on it. */
    static NativeFile pipeAsFile(Pipe pipe) {
        return new NativeFile(pipe.readEnd(), "pipe");
    }
}
