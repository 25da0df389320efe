/*
 * sluice-limit: the limit of the kernel for the benchmark suite. Each mode makes exactly the system
 * calls of the sluice variant it stands beside, and nothing cleverer, so that its time says what the
 * lever can give on this disk at this minute. ./sluice bench compiles it with gcc into target/ and
 * runs it as a child process (dev.sluice.bench.LimitProgram); bench/README.md lists the modes.
 *
 *   append FILE SIZE CHUNK [--pwrite] [--direct] [--every N] [--writebehind N] [--flusher]
 *          [--writer-thread] [--rate BYTES_PER_SEC] [--latency]
 *       SIZE bytes in writes of CHUNK: write(2) (default) or pwrite(2) at the file's end, O_DIRECT
 *       from an aligned buffer with --direct; fdatasync every N bytes (--every) and at the end;
 *       sync_file_range(SYNC_FILE_RANGE_WRITE) of each N-byte window once it is written
 *       (--writebehind). With --flusher, the sync_file_range and the periodic fdatasync run on a
 *       second thread, which the writer signals (as sluice's flusher); the final fdatasync is the
 *       writer's. With --writer-thread, the writes (and the asks of the flusher after each) run on a
 *       second thread with one write in flight, as a coalescing log's: the appending thread hands
 *       each CHUNK over once the one before is written, and a write's latency is its hand-over's.
 *       --rate schedules each write at a fixed interval and counts its latency from
 *       that time; --latency prints p50, p99, p99.9 and max (microseconds, nearest rank).
 *   read FILE CHUNK [--sequential] [--readahead WINDOW [--step N]] [--mmap]
 *       pread(2) of CHUNK until the end; POSIX_FADV_SEQUENTIAL first with --sequential; with
 *       --readahead, sendfile(2) to /dev/null from a second thread and a descriptor of its own, in
 *       calls of N bytes (default 1 MiB) kept WINDOW bytes ahead. With
 *       --mmap instead: one mmap(MAP_SHARED) of the whole file, madvise(MADV_SEQUENTIAL), and a byte
 *       read from each page, MADV_POPULATE_READ of each 8 MiB window before its first (the population
 *       does the I/O), munmap.
 *   sendfile FILE PORT
 *       connects to 127.0.0.1:PORT and sendfile(2)s the whole file, looping on short counts.
 *   splice FILE PORT
 *       connects to 127.0.0.1:PORT; a pipe enlarged to 1 MiB (F_SETPIPE_SZ); splice(2) of up to its
 *       size from the file into it (SPLICE_F_MOVE), drained into the socket before the next
 *       (SPLICE_F_MORE on all but the last chunk).
 *   disk DIR SIZE SYNCS
 *       the disk's figures, after the first-touch rate of SIZE bytes of fresh anonymous memory
 *       (touchMBps): SIZE bytes written in 1 MiB write(2)s and one fdatasync; the file
 *       evicted (POSIX_FADV_DONTNEED after the sync) and read back in 1 MiB reads; then SYNCS times
 *       one 4 KiB pwrite and fdatasync (median and max latency). The file is removed.
 *
 * With --ready anywhere, the program does its set-up (opening the file, the buffer), prints "ready"
 * and waits for a byte on stdin before the measured part, so that a benchmark can leave the process
 * start out of its timing, as it leaves a Java variant's opening out.
 *
 * Output: key=value lines on stdout (seconds, bytes, MBps, cpuSeconds: the process's user and system
 * time, and the mode's figures). Errors: a line
 * on stderr naming the call and errno's text, exit status 1; usage errors exit 2.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MIB (1024L * 1024L)
#define ALIGN 4096L
#define POPULATE_WINDOW (8 * MIB)
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22 /* Linux 5.14; older C libraries lack the name */
#endif

static int wait_for_go;

/* With --ready: say so, and wait for the go (a byte on stdin, or its end). */
static void await_go(void) {
    if (!wait_for_go) {
        return;
    }
    printf("ready\n");
    fflush(stdout);
    char go;
    while (read(0, &go, 1) < 0 && errno == EINTR) {
    }
}

static void print_cpu(void) {
    struct rusage usage;
    if (getrusage(RUSAGE_SELF, &usage) != 0) {
        return;
    }
    double cpu = (double) usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + (double) usage.ru_stime.tv_sec
            + usage.ru_stime.tv_usec / 1e6;
    printf("cpuSeconds=%.6f\n", cpu);
}

static void die(const char *what) {
    fprintf(stderr, "sluice-limit: %s failed: %s\n", what, strerror(errno));
    exit(1);
}

static void usage(const char *why) {
    fprintf(stderr, "sluice-limit: %s (see the comment at the top of bench/src/c/sluice-limit.c)\n", why);
    exit(2);
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long) t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* A size with an optional k, m or g suffix (powers of 1024). */
static long parse_size(const char *text) {
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || end == text || value < 0) {
        usage("not a size");
    }
    switch (*end) {
        case 'k': case 'K': value *= 1024L; end++; break;
        case 'm': case 'M': value *= MIB; end++; break;
        case 'g': case 'G': value *= 1024L * MIB; end++; break;
        default: break;
    }
    if (*end != '\0') {
        usage("not a size");
    }
    return value;
}

static void *aligned_buffer(long bytes) {
    void *buffer;
    if (posix_memalign(&buffer, ALIGN, (size_t) bytes) != 0) {
        errno = ENOMEM;
        die("posix_memalign");
    }
    /* not zeros, which some devices could compress away */
    unsigned int x = 42;
    for (long i = 0; i < bytes; i++) {
        x = x * 1103515245u + 12345u;
        ((unsigned char *) buffer)[i] = (unsigned char) (x >> 16);
    }
    return buffer;
}

static void write_fully(int fd, const char *buffer, long count, long offset, int positional) {
    long done = 0;
    while (done < count) {
        ssize_t n = positional ? pwrite(fd, buffer + done, (size_t) (count - done), offset + done)
                               : write(fd, buffer + done, (size_t) (count - done));
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            die(positional ? "pwrite" : "write");
        }
        done += n;
    }
}

/* ---- append ------------------------------------------------------------------------------ */

/* What the writer asks of the flusher thread: write back up to an offset, sync up to an offset. */
struct flusher {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_cond_t idle;
    int fd;
    long written_back; /* sync_file_range issued up to here */
    long writeback_to; /* asked up to here */
    long synced;       /* fdatasync asked and done */
    long sync_to;
    int busy;
    int stop;
};

/* Starts a helper thread whose lock and two conditions (idle may be NULL) are initialised first. */
static void start_helper(pthread_t *thread, pthread_mutex_t *lock, pthread_cond_t *wake, pthread_cond_t *idle,
                         void *(*run)(void *), void *arg) {
    pthread_mutex_init(lock, NULL);
    pthread_cond_init(wake, NULL);
    if (idle != NULL) {
        pthread_cond_init(idle, NULL);
    }
    if (pthread_create(thread, NULL, run, arg) != 0) {
        die("pthread_create");
    }
}

static void *flusher_run(void *arg) {
    struct flusher *f = arg;
    pthread_mutex_lock(&f->lock);
    for (;;) {
        while (!f->stop && f->writeback_to <= f->written_back && f->sync_to <= f->synced) {
            pthread_cond_wait(&f->wake, &f->lock);
        }
        if (f->stop) {
            break;
        }
        f->busy = 1;
        long from = f->written_back, to = f->writeback_to, sync_to = f->sync_to;
        pthread_mutex_unlock(&f->lock);
        if (to > from && sync_file_range(f->fd, from, to - from, SYNC_FILE_RANGE_WRITE) != 0) {
            die("sync_file_range");
        }
        if (sync_to > f->synced && fdatasync(f->fd) != 0) {
            die("fdatasync");
        }
        pthread_mutex_lock(&f->lock);
        if (to > f->written_back) {
            f->written_back = to;
        }
        if (sync_to > f->synced) {
            f->synced = sync_to;
        }
        f->busy = 0;
        pthread_cond_broadcast(&f->idle);
    }
    pthread_mutex_unlock(&f->lock);
    return NULL;
}

static void flusher_ask(struct flusher *f, long writeback_to, long sync_to) {
    pthread_mutex_lock(&f->lock);
    if (writeback_to > f->writeback_to) {
        f->writeback_to = writeback_to;
    }
    if (sync_to > f->sync_to) {
        f->sync_to = sync_to;
    }
    pthread_cond_signal(&f->wake);
    pthread_mutex_unlock(&f->lock);
}

static void flusher_drain_and_stop(struct flusher *f) {
    pthread_mutex_lock(&f->lock);
    while (f->busy || f->writeback_to > f->written_back || f->sync_to > f->synced) {
        pthread_cond_wait(&f->idle, &f->lock);
    }
    f->stop = 1;
    pthread_cond_signal(&f->wake);
    pthread_mutex_unlock(&f->lock);
    pthread_join(f->thread, NULL);
}

/* What follows each write: write-behind and the periodic sync, asked of the flusher or made inline. */
struct after_write {
    struct flusher *flusher; /* NULL: inline */
    int sync_fd;
    long writebehind, every;
    long written_back, synced;
};

static void wrote_up_to(struct after_write *a, long offset) {
    long writeback_to = a->written_back, sync_to = a->synced;
    if (a->writebehind > 0 && offset - a->written_back >= a->writebehind) {
        writeback_to = offset;
    }
    if (a->every > 0 && offset - a->synced >= a->every) {
        sync_to = offset;
    }
    if (writeback_to == a->written_back && sync_to == a->synced) {
        return;
    }
    if (a->flusher != NULL) {
        flusher_ask(a->flusher, writeback_to, sync_to);
    } else {
        if (writeback_to > a->written_back
                && sync_file_range(a->sync_fd, a->written_back, writeback_to - a->written_back, SYNC_FILE_RANGE_WRITE) != 0) {
            die("sync_file_range");
        }
        if (sync_to > a->synced && fdatasync(a->sync_fd) != 0) {
            die("fdatasync");
        }
    }
    a->written_back = writeback_to;
    a->synced = sync_to;
}

/* --writer-thread: the thread that makes each write handed over, one in flight. */
struct writer {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_cond_t idle;
    int fd, positional;
    const char *buffer;
    long chunk;
    long at; /* where the write in flight goes */
    int in_flight;
    int stop;
    struct after_write *after;
};

static void *writer_run(void *arg) {
    struct writer *w = arg;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (!w->in_flight && !w->stop) {
            pthread_cond_wait(&w->wake, &w->lock);
        }
        if (!w->in_flight) {
            break;
        }
        long at = w->at;
        pthread_mutex_unlock(&w->lock);
        write_fully(w->fd, w->buffer, w->chunk, at, w->positional);
        wrote_up_to(w->after, at + w->chunk);
        pthread_mutex_lock(&w->lock);
        w->in_flight = 0;
        pthread_cond_broadcast(&w->idle);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

static void writer_await_idle(struct writer *w) {
    while (w->in_flight) {
        pthread_cond_wait(&w->idle, &w->lock);
    }
}

static void writer_hand_over(struct writer *w, long at) {
    pthread_mutex_lock(&w->lock);
    writer_await_idle(w);
    w->at = at;
    w->in_flight = 1;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
}

static void writer_drain_and_stop(struct writer *w) {
    pthread_mutex_lock(&w->lock);
    writer_await_idle(w);
    w->stop = 1;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
}

static int compare_ll(const void *a, const void *b) {
    long long x = *(const long long *) a, y = *(const long long *) b;
    return (x > y) - (x < y);
}

/* The smallest value at least q of the samples are at or below (nearest rank), as LatencyRecorder. */
static long long percentile(const long long *sorted, long count, double q) {
    long rank = (long) (q * (double) count + 0.999999999);
    if (rank < 1) {
        rank = 1;
    }
    if (rank > count) {
        rank = count;
    }
    return sorted[rank - 1];
}

static int append_mode(int argc, char **argv) {
    if (argc < 5) {
        usage("append FILE SIZE CHUNK [options]");
    }
    const char *path = argv[2];
    long size = parse_size(argv[3]);
    long chunk = parse_size(argv[4]);
    int positional = 0, direct = 0, use_flusher = 0, use_writer = 0, latency = 0;
    long every = 0, writebehind = 0, rate = 0;
    for (int i = 5; i < argc; i++) {
        if (strcmp(argv[i], "--pwrite") == 0) {
            positional = 1;
        } else if (strcmp(argv[i], "--direct") == 0) {
            direct = 1;
        } else if (strcmp(argv[i], "--flusher") == 0) {
            use_flusher = 1;
        } else if (strcmp(argv[i], "--writer-thread") == 0) {
            use_writer = 1;
        } else if (strcmp(argv[i], "--latency") == 0) {
            latency = 1;
        } else if (strcmp(argv[i], "--every") == 0 && i + 1 < argc) {
            every = parse_size(argv[++i]);
        } else if (strcmp(argv[i], "--writebehind") == 0 && i + 1 < argc) {
            writebehind = parse_size(argv[++i]);
        } else if (strcmp(argv[i], "--rate") == 0 && i + 1 < argc) {
            rate = parse_size(argv[++i]);
        } else {
            usage("unknown append option");
        }
    }
    if (chunk <= 0 || size < chunk) {
        usage("CHUNK must be positive and at most SIZE");
    }
    if (direct && chunk % ALIGN != 0) {
        usage("--direct needs a CHUNK that is a multiple of 4096");
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | (direct ? O_DIRECT : 0), 0644);
    if (fd < 0) {
        die("open");
    }
    int sync_fd = fd;
    if (direct) {
        /* as sluice: the syncs go through the segment's buffered descriptor, the writes through its own */
        sync_fd = open(path, O_WRONLY | O_CLOEXEC);
        if (sync_fd < 0) {
            die("open");
        }
        positional = 1;
    }
    char *buffer = aligned_buffer(chunk);
    long writes = size / chunk;
    long long *latencies = latency ? malloc(sizeof(long long) * (size_t) writes) : NULL;
    if (latency && latencies == NULL) {
        die("malloc");
    }
    long long interval = rate > 0 ? (long long) (1000000000.0 * (double) chunk / (double) rate) : 0;

    await_go();
    struct flusher f = {.fd = sync_fd};
    if (use_flusher) {
        start_helper(&f.thread, &f.lock, &f.wake, &f.idle, flusher_run, &f);
    }
    struct after_write after = {.flusher = use_flusher ? &f : NULL, .sync_fd = sync_fd, .writebehind = writebehind,
                                .every = every};
    struct writer w = {.fd = fd, .positional = positional, .buffer = buffer, .chunk = chunk, .after = &after};
    if (use_writer) {
        start_helper(&w.thread, &w.lock, &w.wake, &w.idle, writer_run, &w);
    }
    long long start = now_ns();
    long offset = 0;
    for (long i = 0; i < writes; i++) {
        long long begin;
        if (interval > 0) {
            begin = start + i * interval;
            while (now_ns() < begin) {
                /* spin, as the Java benchmark does */
            }
        } else {
            begin = now_ns();
        }
        if (use_writer) {
            writer_hand_over(&w, offset);
        } else {
            write_fully(fd, buffer, chunk, offset, positional);
            wrote_up_to(&after, offset + chunk);
        }
        offset += chunk;
        if (latency) {
            latencies[i] = now_ns() - begin;
        }
    }
    if (use_writer) {
        writer_drain_and_stop(&w);
    }
    if (use_flusher) {
        flusher_drain_and_stop(&f);
    }
    if (fdatasync(sync_fd) != 0) {
        die("fdatasync");
    }
    double seconds = (double) (now_ns() - start) / 1e9;
    printf("seconds=%.6f\nbytes=%ld\nMBps=%.3f\n", seconds, offset, (double) offset / 1e6 / seconds);
    print_cpu();
    if (latency) {
        qsort(latencies, (size_t) writes, sizeof(long long), compare_ll);
        printf("p50=%.3f\np99=%.3f\np99.9=%.3f\nmax=%.3f\n", percentile(latencies, writes, 0.50) / 1e3,
               percentile(latencies, writes, 0.99) / 1e3, percentile(latencies, writes, 0.999) / 1e3,
               latencies[writes - 1] / 1e3);
    }
    if (sync_fd != fd) {
        close(sync_fd);
    }
    close(fd);
    return 0;
}

/* ---- read -------------------------------------------------------------------------------- */

/*
 * Explicit read-ahead as sluice's reader issues it: from a second thread, sendfile(2) to /dev/null
 * from a descriptor of the file of its own (opened through /proc/self/fd, so the kernel reads ahead
 * for it as for any sequential reader), kept WINDOW ahead of the reader, one STEP per call once a
 * whole step is missing (or all that is left of the window).
 */
struct prefetcher {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int fd, own, sink;
    long size, window, step;
    long position; /* where the reader is */
    long ahead;    /* readahead issued up to here */
    int stop;
};

static int prefetch_due(const struct prefetcher *p, long *count) {
    long target = p->position + p->window < p->size ? p->position + p->window : p->size;
    long from = p->ahead > p->position ? p->ahead : p->position;
    long missing = target - from, least = p->step < target - p->position ? p->step : target - p->position;
    *count = missing < p->step ? missing : p->step;
    return missing > 0 && missing >= least;
}

static void *prefetcher_run(void *arg) {
    struct prefetcher *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        long count;
        while (!p->stop && !prefetch_due(p, &count)) {
            pthread_cond_wait(&p->wake, &p->lock);
        }
        if (p->stop) {
            break;
        }
        if (p->ahead < p->position) {
            p->ahead = p->position;
        }
        long from = p->ahead;
        pthread_mutex_unlock(&p->lock);
        off_t at = from;
        for (long left = count; left > 0;) {
            ssize_t n = sendfile(p->sink, p->own, &at, (size_t) left);
            if (n <= 0) {
                die("sendfile");
            }
            left -= n;
        }
        pthread_mutex_lock(&p->lock);
        p->ahead = from + count;
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static void prefetcher_at(struct prefetcher *p, long position) {
    long count;
    pthread_mutex_lock(&p->lock);
    p->position = position;
    if (prefetch_due(p, &count)) {
        pthread_cond_signal(&p->wake);
    }
    pthread_mutex_unlock(&p->lock);
}

static void prefetcher_stop(struct prefetcher *p) {
    pthread_mutex_lock(&p->lock);
    p->stop = 1;
    pthread_cond_signal(&p->wake);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
}

static int read_mode(int argc, char **argv) {
    if (argc < 4) {
        usage("read FILE CHUNK [options]");
    }
    const char *path = argv[2];
    long chunk = parse_size(argv[3]);
    int sequential = 0, mapped = 0;
    long window = 0, step = MIB;
    for (int i = 4; i < argc; i++) {
        if (strcmp(argv[i], "--sequential") == 0) {
            sequential = 1;
        } else if (strcmp(argv[i], "--mmap") == 0) {
            mapped = 1;
        } else if (strcmp(argv[i], "--readahead") == 0 && i + 1 < argc) {
            window = parse_size(argv[++i]);
        } else if (strcmp(argv[i], "--step") == 0 && i + 1 < argc) {
            step = parse_size(argv[++i]);
        } else {
            usage("unknown read option");
        }
    }
    if (chunk <= 0 || step <= 0) {
        usage("CHUNK and --step must be positive");
    }
    char *buffer = aligned_buffer(chunk);
    await_go();
    long long start = now_ns();
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        die("open");
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        die("fstat");
    }
    long size = (long) st.st_size;
    if (sequential && posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL) != 0) {
        die("posix_fadvise");
    }
    if (mapped) {
        /* as sluice's mmap reader: MADV_SEQUENTIAL, then MADV_POPULATE_READ a window ahead of the reads */
        unsigned char *map = size == 0 ? NULL : mmap(NULL, (size_t) size, PROT_READ, MAP_SHARED, fd, 0);
        if (map == MAP_FAILED) {
            die("mmap");
        }
        if (map != NULL && madvise(map, (size_t) size, MADV_SEQUENTIAL) != 0) {
            die("madvise");
        }
        unsigned long sum = 0;
        for (long at = 0; at < size; at += ALIGN) {
            if (at % POPULATE_WINDOW == 0) {
                long count = size - at < POPULATE_WINDOW ? size - at : POPULATE_WINDOW;
                if (madvise(map + at, (size_t) count, MADV_POPULATE_READ) != 0) {
                    die("madvise");
                }
            }
            sum += map[at];
        }
        if (map != NULL && munmap(map, (size_t) size) != 0) {
            die("munmap");
        }
        double seconds = (double) (now_ns() - start) / 1e9;
        printf("seconds=%.6f\nbytes=%ld\nMBps=%.3f\nchecksum=%lu\n", seconds, size, (double) size / 1e6 / seconds, sum);
        print_cpu();
        close(fd);
        return 0;
    }
    long offset = 0;
    struct prefetcher p = {.fd = fd, .size = size, .window = window, .step = step};
    if (window > 0) {
        char own[64];
        snprintf(own, sizeof own, "/proc/self/fd/%d", fd);
        p.own = open(own, O_RDONLY | O_CLOEXEC);
        p.sink = open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (p.own < 0 || p.sink < 0) {
            die("open");
        }
        start_helper(&p.thread, &p.lock, &p.wake, NULL, prefetcher_run, &p);
    }
    for (;;) {
        if (window > 0) {
            prefetcher_at(&p, offset);
        }
        ssize_t n = pread(fd, buffer, (size_t) chunk, offset);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            die("pread");
        }
        if (n == 0) {
            break;
        }
        offset += n;
    }
    if (window > 0) {
        prefetcher_stop(&p);
        close(p.own);
        close(p.sink);
    }
    double seconds = (double) (now_ns() - start) / 1e9;
    printf("seconds=%.6f\nbytes=%ld\nMBps=%.3f\n", seconds, offset, (double) offset / 1e6 / seconds);
    print_cpu();
    close(fd);
    return 0;
}

/* ---- sendfile and splice ----------------------------------------------------------------- */

static int connect_loopback(const char *port) {
    int sock = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0) {
        die("socket");
    }
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t) atoi(port))};
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(sock, (struct sockaddr *) &to, sizeof to) != 0) {
        die("connect");
    }
    return sock;
}

static int splice_mode(int argc, char **argv) {
    if (argc != 4) {
        usage("splice FILE PORT");
    }
    int fd = open(argv[2], O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        die("open");
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        die("fstat");
    }
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
        die("pipe2");
    }
    long capacity = fcntl(pipe_fds[1], F_SETPIPE_SZ, (int) MIB);
    if (capacity < 0) {
        die("fcntl(F_SETPIPE_SZ)");
    }
    await_go();
    int sock = connect_loopback(argv[3]);
    long long start = now_ns();
    loff_t offset = 0;
    while (offset < st.st_size) {
        long want = st.st_size - offset < capacity ? st.st_size - offset : capacity;
        ssize_t filled = splice(fd, &offset, pipe_fds[1], NULL, (size_t) want, SPLICE_F_MOVE);
        if (filled < 0) {
            if (errno == EINTR) {
                continue;
            }
            die("splice");
        }
        if (filled == 0) {
            break;
        }
        unsigned int flags = SPLICE_F_MOVE | (offset < st.st_size ? SPLICE_F_MORE : 0);
        for (ssize_t drained = 0; drained < filled; ) {
            ssize_t n = splice(pipe_fds[0], NULL, sock, NULL, (size_t) (filled - drained), flags);
            if (n < 0) {
                if (errno == EINTR) {
                    continue;
                }
                die("splice");
            }
            drained += n;
        }
    }
    double seconds = (double) (now_ns() - start) / 1e9;
    printf("seconds=%.6f\nbytes=%ld\nMBps=%.3f\n", seconds, (long) offset, (double) offset / 1e6 / seconds);
    print_cpu();
    close(sock);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    close(fd);
    return 0;
}

static int sendfile_mode(int argc, char **argv) {
    if (argc != 4) {
        usage("sendfile FILE PORT");
    }
    int fd = open(argv[2], O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        die("open");
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        die("fstat");
    }
    await_go();
    int sock = connect_loopback(argv[3]);
    long long start = now_ns();
    off_t offset = 0;
    while (offset < st.st_size) {
        ssize_t n = sendfile(sock, fd, &offset, (size_t) (st.st_size - offset));
        if (n < 0 && errno != EINTR) {
            die("sendfile");
        }
        if (n == 0) {
            break;
        }
    }
    double seconds = (double) (now_ns() - start) / 1e9;
    printf("seconds=%.6f\nbytes=%ld\nMBps=%.3f\n", seconds, (long) offset, (double) offset / 1e6 / seconds);
    print_cpu();
    close(sock);
    close(fd);
    return 0;
}

/* ---- disk -------------------------------------------------------------------------------- */

static int disk_mode(int argc, char **argv) {
    if (argc != 5) {
        usage("disk DIR SIZE SYNCS");
    }
    long size = parse_size(argv[3]);
    long syncs = parse_size(argv[4]);
    if (size < MIB || syncs < 1) {
        usage("SIZE must be at least 1m and SYNCS at least 1");
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/sluice-limit-disk.%d", argv[2], (int) getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        die("open");
    }
    /*
     * First, what memory the kernel has not handed out lately costs at its first touch: in a VM whose
     * balloon reports free pages to the host, each such page is a host fault, and page-cache pages
     * for new writes pay it too (about 300 MB/s against several GB/s on bare metal).
     */
    long long start = now_ns();
    char *fresh = mmap(NULL, (size_t) size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (fresh == MAP_FAILED) {
        die("mmap");
    }
    for (long at = 0; at < size; at += ALIGN) {
        fresh[at] = 1;
    }
    double touch_seconds = (double) (now_ns() - start) / 1e9;
    if (munmap(fresh, (size_t) size) != 0) {
        die("munmap");
    }
    char *buffer = aligned_buffer(MIB);
    start = now_ns();
    for (long done = 0; done + MIB <= size; done += MIB) {
        write_fully(fd, buffer, MIB, 0, 0);
    }
    if (fdatasync(fd) != 0) {
        die("fdatasync");
    }
    double write_seconds = (double) (now_ns() - start) / 1e9;
    long written = size / MIB * MIB;
    if (posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) != 0) {
        die("posix_fadvise");
    }
    start = now_ns();
    long offset = 0;
    for (;;) {
        ssize_t n = pread(fd, buffer, MIB, offset);
        if (n < 0) {
            die("pread");
        }
        if (n == 0) {
            break;
        }
        offset += n;
    }
    double read_seconds = (double) (now_ns() - start) / 1e9;
    long long *sync_ns = malloc(sizeof(long long) * (size_t) syncs);
    if (sync_ns == NULL) {
        die("malloc");
    }
    for (long i = 0; i < syncs; i++) {
        long long begin = now_ns();
        write_fully(fd, buffer, 4096, written + i * 4096, 1);
        if (fdatasync(fd) != 0) {
            die("fdatasync");
        }
        sync_ns[i] = now_ns() - begin;
    }
    qsort(sync_ns, (size_t) syncs, sizeof(long long), compare_ll);
    close(fd);
    if (unlink(path) != 0) {
        die("unlink");
    }
    printf("bytes=%ld\nwriteMBps=%.3f\nreadMBps=%.3f\nfdatasyncMedianUs=%.3f\nfdatasyncMaxUs=%.3f\ntouchMBps=%.3f\n",
           written, (double) written / 1e6 / write_seconds, (double) offset / 1e6 / read_seconds,
           percentile(sync_ns, syncs, 0.5) / 1e3, sync_ns[syncs - 1] / 1e3, (double) size / 1e6 / touch_seconds);
    return 0;
}

int main(int argc, char **argv) {
    int kept = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--ready") == 0) {
            wait_for_go = 1;
        } else {
            argv[kept++] = argv[i];
        }
    }
    argc = kept;
    argv[argc] = NULL;
    if (argc < 2) {
        usage("no mode: append, read, sendfile, splice or disk");
    }
    if (strcmp(argv[1], "append") == 0) {
        return append_mode(argc, argv);
    }
    if (strcmp(argv[1], "read") == 0) {
        return read_mode(argc, argv);
    }
    if (strcmp(argv[1], "sendfile") == 0) {
        return sendfile_mode(argc, argv);
    }
    if (strcmp(argv[1], "splice") == 0) {
        return splice_mode(argc, argv);
    }
    if (strcmp(argv[1], "disk") == 0) {
        return disk_mode(argc, argv);
    }
    usage("unknown mode");
    return 2;
}
