package dev.sluice.log;

import dev.sluice.sys.NativeDirectory;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A read-only log following a writer in another process: takes in what the writer appended to the
 * newest segment (CRC-checked, as recovery does), the segments it rolled to, and the oldest ones its
 * retention deleted, and wakes the follower's tailing readers.
 */
final class FollowerRefresh {
    private final Path path;
    private final NativeDirectory dir;
    private final LogConfig config;
    private final SegmentSet segments;
    private final TailSignal tail;
    private final Supplier<RaceHooks> hooks;

    FollowerRefresh(Path path, NativeDirectory dir, LogConfig config, SegmentSet segments, TailSignal tail,
                    Supplier<RaceHooks> hooks) {
        this.path = path;
        this.dir = dir;
        this.config = config;
        this.segments = segments;
        this.tail = tail;
        this.hooks = hooks;
    }

    /** {@return whether the log grew} */
    synchronized boolean refresh() throws IOException {
        retireDeletedSegments();
        boolean grew = false;
        while (true) {
            Segment last = segments.last();
            long size = last.file.size();
            Segment.Tail known = last.tail();
            if (size > known.end()) {
                SegmentScanner.Result scan = SegmentScanner.scan(last.file, last.format, known.end(), known.nextOffset(),
                        size, config.maxBatchBytes(), last.indexes, true);
                if (scan.validEnd() > known.end()) {
                    last.appended(scan.validEnd(), scan.nextOffset(), scan.maxTimestamp(), System.currentTimeMillis());
                    grew = true;
                }
            }
            hooks.get().refreshScanned(last);
            if (last.isEmpty()) {
                // nothing valid in it yet (or a batch still being written): the writer never rolls an
                // empty segment, and the next segment's name would be this one's own
                break;
            }
            // the segment named by the end just scanned: a roll after the scan is found by a later refresh
            long nextBase = last.nextOffset();
            if (!exists(SegmentNames.log(nextBase))) {
                if (exists(last.name)) {
                    break; // the writer has not rolled
                }
                // Retention deleted this segment and the one after it before this follower saw them:
                // go on from the oldest segment left, and let readers find the gap (a retention error).
                OptionalLong oldest = oldestSegmentAfter(last.baseOffset);
                if (oldest.isEmpty()) {
                    break;
                }
                nextBase = oldest.getAsLong();
            }
            String nextName = SegmentNames.log(nextBase);
            NativeFile file;
            try {
                LogFiles.requireRegularFile(path.resolve(nextName));
                file = dir.openFile(nextName, EnumSet.of(OpenFlag.READ), NativeFile.DEFAULT_PERMISSIONS);
            } catch (NoSuchFileException deletedMeanwhile) {
                continue; // retention took it after it was found: look again
            }
            segments.followerRolled(new Segment(nextBase, file, last.format,
                    SegmentIndexes.empty(last.format, nextBase, config.indexIntervalBytes()), 0, nextBase, 0, false));
            grew = true;
        }
        if (grew) {
            tail.grew();
        }
        return grew;
    }

    private boolean exists(String name) {
        return Files.exists(path.resolve(name), LinkOption.NOFOLLOW_LINKS);
    }

    /** The base offset of the oldest segment file after {@code base} in the directory now. */
    private OptionalLong oldestSegmentAfter(long base) throws IOException {
        try (Stream<Path> entries = Files.list(path)) {
            OptionalLong oldest = OptionalLong.empty();
            for (Path entry : (Iterable<Path>) entries::iterator) {
                OptionalLong b = SegmentNames.parseLog(entry.getFileName().toString());
                if (b.isPresent() && b.getAsLong() > base && (oldest.isEmpty() || b.getAsLong() < oldest.getAsLong())) {
                    oldest = b;
                }
            }
            return oldest;
        }
    }

    /** Forgets the oldest segments whose files the writer's retention deleted, so the start moves as the writer's does. */
    private void retireDeletedSegments() throws IOException {
        while (segments.list().size() > 1 && !exists(segments.list().getFirst().name)) {
            segments.retireOldest();
        }
    }
}
