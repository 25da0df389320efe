package dev.sluice.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** An exception as one line for a person: its message, or what it means when it has none. */
final class OneLine {
    private OneLine() {
    }

    static String of(Throwable e) {
        if (e instanceof FileSystemException f && f.getReason() == null && f.getOtherFile() == null) {
            return f.getFile() + ": " + meaning(f); // the JDK's message would be the bare path
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return asFlags(message.lines().findFirst().orElse(message));
    }

    /** The library names its settings as LogConfig does; a person at the command line typed flags. */
    private static String asFlags(String message) {
        return message.replace("segmentBytes", "--segment-size").replace("maxBatchBytes", "--max-batch");
    }

    private static String meaning(FileSystemException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        } else if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        } else if (e instanceof NotDirectoryException) {
            return "not a directory";
        } else if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        return e.getClass().getSimpleName();
    }
}
