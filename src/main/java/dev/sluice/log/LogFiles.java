package dev.sluice.log;

import dev.sluice.sys.NativeDirectory;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.EnumSet;

/**
 * Small files of a log directory written atomically: to a temporary name, fsynced, renamed over the
 * real one, and the directory fsynced, so a crash leaves the old or the new content, never a mix.
 */
final class LogFiles {
    private LogFiles() {
    }

    static void writeAtomically(NativeDirectory dir, String name, MemorySegment content) throws IOException {
        String temporary = name + SegmentNames.TEMPORARY;
        try (NativeFile file = dir.openFile(temporary, EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE, OpenFlag.TRUNCATE),
                NativeFile.DEFAULT_PERMISSIONS)) {
            file.write(content, 0);
            file.syncData();
        }
        dir.rename(temporary, name);
        dir.sync();
    }

    static void writeAtomically(NativeDirectory dir, String name, String content) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            MemorySegment segment = arena.allocate(Math.max(1, bytes.length)).asSlice(0, bytes.length);
            MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
            writeAtomically(dir, name, segment);
        }
    }

    /** A file of the log is larger than it can be. */
    static final class TooLargeException extends IOException {
        TooLargeException(String message) {
            super(message);
        }
    }

    /** The whole file, or null if it does not exist; refuses files larger than {@code maxBytes}. */
    static byte[] read(NativeDirectory dir, String name, long maxBytes) throws IOException {
        try (NativeFile file = dir.openFile(name, EnumSet.of(OpenFlag.READ), NativeFile.DEFAULT_PERMISSIONS);
             Arena arena = Arena.ofConfined()) {
            long size = file.size();
            if (size > maxBytes) {
                throw new TooLargeException(dir.path() + "/" + name + " is " + size + " bytes, more than the " + maxBytes
                        + " expected");
            }
            MemorySegment content = arena.allocate(Math.max(1, size)).asSlice(0, size);
            file.readFully(content, 0);
            return content.toArray(ValueLayout.JAVA_BYTE);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Refuses an entry of a log directory that recovery would open or trust but that is not a
     * regular file: a directory, a symbolic link, or a FIFO, socket or device (opening a FIFO to
     * read blocks until someone writes to it, so a log holding one would hang every open).
     */
    static void requireRegularFile(java.nio.file.Path entry) throws java.io.IOException {
        // one lstat, so a file deleted meanwhile is NoSuchFileException, never "not a regular file"
        java.nio.file.attribute.BasicFileAttributes attributes = java.nio.file.Files.readAttributes(entry,
                java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            String kind = attributes.isSymbolicLink() ? "a symbolic link"
                    : attributes.isDirectory() ? "a directory"
                    : "not a regular file (a FIFO, socket or device?)";
            throw new java.io.IOException(entry + " is " + kind + "; a log directory holds only regular log files");
        }
    }

    static void deleteIfExists(NativeDirectory dir, String name) throws IOException {
        try {
            dir.delete(name);
        } catch (NoSuchFileException e) {
            // already gone
        }
    }
}
