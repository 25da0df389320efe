package dev.sluice.log;

import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;
import dev.sluice.sys.ZeroCopy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Brings one reader's explicit read-ahead window into the page cache from a background thread:
 * sendfile(2) of it to /dev/null, from a descriptor of the segment opened for this alone
 * ({@link NativeFile#reopen}). The kernel then reads ahead for that descriptor as for any sequential
 * reader, in requests as large as the device takes; readahead(2) cuts its work into 2 MiB requests,
 * which on the benchmark disk read a cold 1 GiB slower than the reader's own read-ahead did (bench/README.md).
 * The reads wait for their I/O here, not on the reader's thread, and go {@value #STEP} bytes at a
 * time, so that one which the reader has overtaken (its own read-ahead racing this one) stops within a
 * step: what the reader has passed and dropped behind is not read again. Where the descriptor or
 * /dev/null cannot be opened (no /proc), it falls back to readahead(2) on the reader's descriptor, a
 * device read-ahead window per call.
 *
 * <p>A hint, not a promise: if the reader has passed the range by the time the task runs, or has
 * left the segment, nothing is read for it.
 * <p>The reader says how far it wants the cache filled ({@link #want}); at most one task per reader
 * runs, and it goes on while a call is due, one step per call. A failed call is
 * only a hint lost: the task stops for that segment and the reader's reads go on. The descriptors are
 * safe to use here after the reader lets them go: a call in flight holds a reference, and a call
 * after the close fails with a closed-descriptor error, which ends the task.
 */
final class ReadAheadIssuer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadAheadIssuer.class);
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("sluice-readahead-", 0).factory());
    private static final Path DEV_NULL = Path.of("/dev/null");
    /** The bytes one sendfile to /dev/null reads. */
    static final long STEP = 1L << 20;

    /** The reader's segment; null once it has let go. */
    private NativeFile file;
    /** The segment again, for this thread's reads, and where they go; both null: readahead(2) on {@link #file}. */
    private NativeFile own;
    private NativeFile sink;
    /** The bytes of one call. */
    private long step;
    private long position;
    private long issuedUpTo;
    private long wanted;
    private boolean running;

    /**
     * From now on the reader reads {@code file} from its start. Where readahead(2) does the work, one
     * call brings in at most the device's read-ahead window, which caps it.
     *
     * @throws IOException if that window cannot be read (fstat fails)
     */
    void opened(NativeFile file) throws IOException {
        NativeFile again = null;
        NativeFile nowhere = null;
        try {
            again = file.reopen(EnumSet.of(OpenFlag.READ));
            nowhere = NativeFile.open(file.fd().kernel(), DEV_NULL, EnumSet.of(OpenFlag.WRITE), NativeFile.DEFAULT_PERMISSIONS);
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: read-ahead by readahead(2), no descriptor of its own: {}", file.path(), e.toString());
            closeQuietly(again);
            again = null;
        }
        long step = again != null ? STEP : file.readAheadWindow();
        synchronized (this) {
            letGo();
            this.file = file;
            this.own = again;
            this.sink = nowhere;
            this.step = step;
            position = 0;
            issuedUpTo = 0;
            wanted = 0;
        }
    }

    /**
     * The reader is at {@code position} and wants the cache filled up to {@code target}. Issued once a
     * whole step is missing (or the rest up to the target is less), so every call but the last is a full step.
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

    /** Whether a call is due: a whole step is missing, or all that is left up to the target. */
    private boolean due() {
        return file != null && wanted > issuedUpTo && wanted - issuedUpTo >= Math.min(step, wanted - position);
    }

    /** The reader let go of its segment: nothing more is read for it. */
    synchronized void stop() {
        letGo();
    }

    /** Forgets the segment and closes this issuer's descriptors (a call in flight keeps them until it returns). */
    private void letGo() {
        file = null;
        closeQuietly(own);
        closeQuietly(sink);
        own = null;
        sink = null;
    }

    private static void closeQuietly(NativeFile f) {
        if (f != null) {
            try {
                f.close();
            } catch (IOException e) {
                LOG.debug("{}: close of a read-ahead descriptor failed: {}", f.path(), e.toString());
            }
        }
    }

    @Override
    public void run() {
        while (true) {
            NativeFile f;
            NativeFile from;
            NativeFile to;
            long at;
            long n;
            synchronized (this) {
                if (!due()) {
                    running = false;
                    return;
                }
                f = file;
                from = own;
                to = sink;
                at = issuedUpTo;
                n = Math.min(step, wanted - at);
            }
            try {
                if (from != null) {
                    ZeroCopy.sendfileFully(to.fd(), from.fd(), at, n);
                } else {
                    f.readahead(at, n);
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("{}: read-ahead of {} bytes at {} failed, no more for this segment: {}", f.path(), n, at,
                        e.toString());
                synchronized (this) {
                    if (file == f) {
                        letGo();
                    }
                }
                continue;
            }
            synchronized (this) {
                if (file == f) {
                    issuedUpTo = Math.max(issuedUpTo, at + n);
                }
            }
        }
    }
}
