package dev.sluice.log;

import dev.sluice.sys.Advice;
import dev.sluice.sys.NativeFile;

import java.io.IOException;

/**
 * A reader's {@link ReadAhead} policy on the segment it reads: the fadvise hint on its own
 * descriptor when it opens a segment, and for {@link ReadAhead.Kind#EXPLICIT} readahead(2) kept a
 * window ahead of the cursor, one device read-ahead window per call.
 */
final class ReaderReadAhead {
    private final ReadAhead policy;
    private long issuedUpTo;
    private long deviceWindow;

    ReaderReadAhead(ReadAhead policy) {
        this.policy = policy;
    }

    /** The reader opened {@code file}, a segment, with a descriptor of its own. */
    void opened(NativeFile file) throws IOException {
        switch (policy.kind()) {
            case SEQUENTIAL -> file.advise(Advice.SEQUENTIAL, 0, 0);
            case RANDOM -> file.advise(Advice.RANDOM, 0, 0);
            default -> {
            }
        }
        issuedUpTo = 0;
        if (policy.kind() == ReadAhead.Kind.EXPLICIT) {
            deviceWindow = file.readAheadWindow();
        }
    }

    /** The reader is about to read {@code segment} from {@code position}. */
    void before(NativeFile file, Segment segment, long position) throws IOException {
        if (policy.kind() != ReadAhead.Kind.EXPLICIT) {
            return;
        }
        long target = Math.min(segment.end(), position + policy.windowBytes());
        issuedUpTo = Math.max(issuedUpTo, position);
        // top up only when a device window has been consumed, so each call is a full window
        while (target - issuedUpTo >= Math.min(deviceWindow, target - position) && issuedUpTo < target) {
            long n = Math.min(deviceWindow, target - issuedUpTo);
            file.readahead(issuedUpTo, n);
            issuedUpTo += n;
        }
    }
}
