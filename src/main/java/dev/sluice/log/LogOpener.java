package dev.sluice.log;

import dev.sluice.sys.Kernel;
import dev.sluice.sys.NativeDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Opening a log: the directory (created for a writer), the writer's lock, {@link LogRecovery}
 * (tried again for a follower while the writer moves on), the first segment of a new log, and
 * closing all of it if any step, or building the log from it, fails.
 */
final class LogOpener {
    /** Under the facade's name, as before the split: what a user's logging configuration names. */
    private static final Logger LOG = LoggerFactory.getLogger(Log.class);
    /** How often a read-only open starts again when a writer changes the directory under it. */
    private static final int READ_ONLY_OPEN_ATTEMPTS = 20;

    /**
     * What an open found and holds. {@code lock} is null for a read-only open; {@code ignoredTail} is
     * what a read-only open left out at the end of the newest segment, or null.
     */
    record Opened(Path path, NativeDirectory dir, WriterLock lock, List<Segment> segments, LogFormat format,
                  CorruptLogException ignoredTail) {
    }

    /** Builds the log from what was opened; if it throws, the open closes what it had opened. */
    interface Assembly<T> {
        T assemble(Opened opened) throws IOException;
    }

    private LogOpener() {
    }

    /** Opens {@code dir} for writing, as {@link Log#open(Path, LogConfig)} says, every call going through {@code kernel}. */
    static <T> T forWriting(Path dir, LogConfig config, Kernel kernel, Assembly<T> assembly) throws IOException {
        Objects.requireNonNull(config, "config");
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
            // the new directory's own entry must be durable before anything in it is acknowledged
            try (NativeDirectory parent = NativeDirectory.open(kernel, dir.toAbsolutePath().getParent())) {
                parent.sync();
            }
        }
        NativeDirectory directory = openDirectory(kernel, dir);
        WriterLock lock = null;
        List<Segment> segments = new ArrayList<>();
        try {
            lock = WriterLock.acquire(directory, dir); // before recovery, which truncates
            LogRecovery.Recovered recovered = LogRecovery.recover(dir, directory, config, false);
            segments.addAll(recovered.segments());
            if (segments.isEmpty()) {
                if (!recovered.foreign().isEmpty()) {
                    LOG.warn("{}: a new log, beside {}", dir, recovered.foreign().describe());
                }
                segments.add(SegmentSet.create(directory, config.withFormat(recovered.format()), 0));
            }
            return assembly.assemble(new Opened(dir, directory, lock, List.copyOf(segments), recovered.format(), null));
        } catch (IOException | RuntimeException e) {
            closeAfterFailedOpen(e, segments, lock, directory);
            throw e;
        }
    }

    /** Opens {@code dir} to read, as {@link Log#openReadOnly(Path, LogConfig)} says, every call going through {@code kernel}. */
    static <T> T forReading(Path dir, LogConfig config, Kernel kernel, Assembly<T> assembly) throws IOException {
        NativeDirectory directory = openDirectory(kernel, dir);
        List<Segment> segments = new ArrayList<>();
        try {
            LogRecovery.Recovered recovered = recoverWhileTheWriterMayMoveOn(dir, directory, config);
            segments.addAll(recovered.segments());
            if (segments.isEmpty()) {
                // a writer creates its first segment right after the directory; read-only, there is nothing to read
                throw recovered.foreign().noSegments(dir);
            }
            return assembly.assemble(new Opened(dir, directory, null, List.copyOf(segments), recovered.format(),
                    recovered.ignoredTail()));
        } catch (IOException | RuntimeException e) {
            closeAfterFailedOpen(e, segments, directory);
            throw e;
        }
    }

    /**
     * A read-only recovery, tried again while a writer in another process changes what it reads: a
     * listed segment or index deleted by retention before it is opened, a segment trimmed at its
     * seal while it is read, segments gone from the middle of the listing.
     */
    private static LogRecovery.Recovered recoverWhileTheWriterMayMoveOn(Path dir, NativeDirectory directory,
                                                                        LogConfig config) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return LogRecovery.recover(dir, directory, config, true);
            } catch (NoSuchFileException | EOFException | LogRecovery.WriterMovedOn e) {
                if (attempt == READ_ONLY_OPEN_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("{}: the writer moved on during a read-only open ({}); again", dir, e.toString());
            }
        }
    }

    private static NativeDirectory openDirectory(Kernel kernel, Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new IOException(dir + " is a symbolic link; a log directory must be a real directory");
        }
        return NativeDirectory.open(kernel, dir);
    }

    /** Closes what a failed open had opened, keeping the open's error as the one thrown. */
    private static void closeAfterFailedOpen(Exception failure, List<Segment> segments, AutoCloseable... others) {
        List<AutoCloseable> all = new ArrayList<>(segments);
        all.addAll(Arrays.asList(others));
        for (AutoCloseable c : all) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    failure.addSuppressed(suppressed);
                }
            }
        }
    }
}
