package dev.sluice.log;

import dev.sluice.sys.Advice;
import dev.sluice.sys.NativeFile;

import java.io.IOException;

/**
 * A reader's {@link ReadAhead} policy on the segment it reads: the fadvise hint on its own
 * descriptor when it opens a segment, and for {@link ReadAhead.Kind#EXPLICIT} the page cache kept
 * filled a window ahead of the cursor by a {@link ReadAheadIssuer}'s background reads, so the reader
 * never waits for them to be issued.
 */
final class ReaderReadAhead {
    private final ReadAhead policy;
    private final ReadAheadIssuer issuer;

    ReaderReadAhead(ReadAhead policy) {
        this.policy = policy;
        this.issuer = policy.kind() == ReadAhead.Kind.EXPLICIT ? new ReadAheadIssuer() : null;
    }

    /** The reader opened {@code file}, a segment, with a descriptor of its own. */
    void opened(NativeFile file) throws IOException {
        switch (policy.kind()) {
            case SEQUENTIAL -> file.advise(Advice.SEQUENTIAL, 0, 0);
            case RANDOM -> file.advise(Advice.RANDOM, 0, 0);
            case EXPLICIT -> issuer.opened(file);
            default -> {
            }
        }
    }

    /** The reader is about to read {@code segment} from {@code position}. */
    void before(Segment segment, long position) {
        if (issuer != null) {
            issuer.want(position, Math.min(segment.end(), position + policy.windowBytes()));
        }
    }

    /** The reader is letting go of its segment's descriptor. */
    void leaving() {
        if (issuer != null) {
            issuer.stop();
        }
    }
}
