package dev.sluice.log;

import dev.sluice.sys.NativeFile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Issues one reader's explicit readahead(2) calls on a background thread. readahead(2) returns only
 * once its I/O is submitted, and on a busy device queue that means waiting for earlier requests to
 * complete: on the reader's own thread that wait came between its reads. (It does not make explicit
 * read-ahead beat the kernel's own on a device with a deep read-ahead window: see the README's
 * benchmark results.)
 *
 * <p>A hint, not a promise: if the reader has passed the range by the time the task runs, or has
 * left the segment, nothing is issued for it.
 * <p>The reader says how far it wants the cache filled ({@link #want}); at most one task per reader
 * runs, and it goes on while a call is due, one call per window. A failed call is
 * only a hint lost: the task stops for that segment and the reader's reads go on. The reader's
 * descriptor is safe to use here after the reader closes it: a call in flight holds a reference,
 * and a call after the close fails with a closed-descriptor error, which ends the task.
 */
final class ReadAheadIssuer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadAheadIssuer.class);
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("sluice-readahead-", 0).factory());

    private NativeFile file;
    private long window;
    private long position;
    private long issuedUpTo;
    private long wanted;
    private boolean running;

    /** From now on the reader reads {@code file} from its start; one call brings in at most {@code window}. */
    synchronized void opened(NativeFile file, long window) {
        this.file = file;
        this.window = window;
        position = 0;
        issuedUpTo = 0;
        wanted = 0;
    }

    /**
     * The reader is at {@code position} and wants the cache filled up to {@code target}. Issued once a
     * whole window is missing (or the rest up to the target is less), so every call but the last is a full window.
     */
    synchronized void want(long position, long target) {
        if (file == null) {
            return;
        }
        this.position = Math.max(this.position, position);
        issuedUpTo = Math.max(issuedUpTo, position);
        wanted = Math.max(wanted, target);
        if (!running && due()) {
            running = true;
            THREADS.execute(this);
        }
    }

    /** Whether a call is due: a whole window is missing, or all that is left up to the target. */
    private boolean due() {
        return file != null && wanted > issuedUpTo && wanted - issuedUpTo >= Math.min(window, wanted - position);
    }

    /** The reader let go of its segment: nothing more is issued for it. */
    synchronized void stop() {
        file = null;
    }

    @Override
    public void run() {
        while (true) {
            NativeFile f;
            long from;
            long n;
            synchronized (this) {
                if (!due()) {
                    running = false;
                    return;
                }
                f = file;
                from = issuedUpTo;
                n = Math.min(window, wanted - from);
            }
            try {
                f.readahead(from, n);
            } catch (IOException | RuntimeException e) {
                LOG.debug("{}: readahead({}, {}) failed, no more read-ahead for this segment: {}", f.path(), from, n,
                        e.toString());
                synchronized (this) {
                    if (file == f) {
                        file = null;
                    }
                }
                continue;
            }
            synchronized (this) {
                if (file == f) {
                    issuedUpTo = Math.max(issuedUpTo, from + n);
                }
            }
        }
    }
}
