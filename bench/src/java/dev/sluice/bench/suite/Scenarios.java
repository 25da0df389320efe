package dev.sluice.bench.suite;

import dev.sluice.bench.AppendDurableBenchmark;
import dev.sluice.bench.AppendLatencyBenchmark;
import dev.sluice.bench.CacheFootprintBenchmark;
import dev.sluice.bench.CliStartupBenchmark;
import dev.sluice.bench.ReadColdBenchmark;
import dev.sluice.bench.ReadWarmBenchmark;
import dev.sluice.bench.ReceiveSocketBenchmark;
import dev.sluice.bench.SyscallOverheadBenchmark;
import dev.sluice.bench.TransferSocketBenchmark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sluice.bench.suite.Targets.everyGroup;
import static dev.sluice.bench.suite.Targets.where;

/**
 * The suite: every scenario, in the order the suite runs and the report shows them. QUICK is sized to
 * finish within 10 minutes on a disk that writes 300 MB/s (see QUICK_WRITE below and {@link RunEstimate}):
 * 256 MiB written, 512 MiB read, one measured iteration per fork and no full-size JMH warmup, so the
 * rounds are the repetitions. Every I/O benchmark first warms its code path up on 64 MiB in its own
 * setup. FULL has the full sizes (1 GiB), full-size warmup iterations, more iterations and rounds, and
 * the variants and groups QUICK leaves out; SMOKE is tiny and runs every variant QUICK runs.
 * Peers ({@code peer-...}) and limits ({@code limit-...}) run in the same rounds as the variants
 * they are compared with.
 */
public final class Scenarios {
    private static final List<String> TIME_SIZES = List.of("1g");
    /*
     * --quick's sizes: the largest that keep the whole suite within RunEstimate.QUICK_BUDGET (10
     * minutes) on a disk that writes RunEstimate.DESIGN_WRITE_MBPS (300 MB/s), by RunEstimate's model
     * (RunEstimateTest). Forks cost as much as the data (about 2.5 s each, and --quick makes about 200),
     * so --quick also runs fewer parameter groups and variants than --full.
     */
    private static final List<String> QUICK_WRITE = List.of("256m");
    private static final List<String> QUICK_LATENCY = List.of("192m");
    private static final List<String> QUICK_READ = List.of("512m");

    private Scenarios() {
    }

    public static List<Scenario> all() {
        return List.of(appendDurable(), appendLatency(), readCold(), readWarm(), cacheFootprint(), transferSocket(),
                receiveSocket(), syscallOverhead(), cliStartup());
    }

    static Scenario appendDurable() {
        Metric time = Metric.primary("time to write size durably", false);
        // mmap in --full only: its warmup pass alone costs about 3 s per run on this VM
        // durable at the end only in --quick, where nio-write-bgforce is nio-write (it has no force to hand off)
        // direct-coalesce in --full only: by hand it was slower than direct with 1 MiB records (overlapping the
        // encode with the O_DIRECT write does not pay on this VM), and --quick has no room for it
        List<String> quick = List.of("nio-write", "peer-chronicle", "peer-kafka", "sluice-writebehind", "sluice-direct",
                "limit-write", "limit-writebehind", "limit-direct");
        List<String> smoke = List.of("nio-write", "nio-write-bgforce", "peer-chronicle", "peer-kafka", "sluice-writebehind",
                "sluice-direct", "sluice-direct-coalesce", "limit-write", "limit-writebehind", "limit-direct",
                "limit-direct-coalesce");
        List<String> full = List.of("nio-write", "nio-write-bgforce", "peer-chronicle", "peer-kafka", "sluice-plain",
                "sluice-writebehind", "sluice-bounded", "sluice-dropbehind", "sluice-direct", "sluice-direct-coalesce",
                "sluice-mmap", "limit-write", "limit-plain", "limit-writebehind", "limit-direct", "limit-direct-coalesce");
        return new Scenario("append-durable",
                "append 256 MiB (1 GiB in --full) in 64 KiB / 1 MiB records (and 4 KiB in --full), durable only at the end "
                        + "(durableEvery=0; --full also every 64 MiB and at the end)",
                AppendDurableBenchmark.class, "run", List.of(time), List.of("nio-write", "nio-write-bgforce"),
                Map.of(Profile.QUICK, new Settings(params(quick, "recordSize", List.of("64k", "1m"), "size", QUICK_WRITE,
                                "durableEvery", List.of("0")), 3, 1, 0, 1, 1),
                        Profile.FULL, new Settings(params(full, "recordSize", List.of("4k", "64k", "1m"), "size", TIME_SIZES,
                                "durableEvery", List.of("64m", "0")), 5, 1, 1, 2, 1),
                        Profile.SMOKE, new Settings(params(smoke, "recordSize", List.of("64k"), "size", List.of("16m"),
                                "durableEvery", List.of("4m")), 1, 1, 0, 1, 1)),
                List.of(Targets.bestRatioAtLeast("best sluice variant at least 1.3x NIO for 64 KiB and 1 MiB records",
                        time, where("recordSize", "64k", "1m"), 1.3).explainedBy(
                        "the reference includes nio-write-bgforce, NIO forcing on a second thread, which already "
                                + "overlaps write-back with appending when durable every 64 MiB: compare its row with "
                                + "nio-write's. Where sluice falls short of 1.3x, both write at about the disk's rate "
                                + "(1 GiB in about 0.55 s), and sluice also copies each record into its batch buffer "
                                + "and computes its CRC32C on the appending thread.")),
                "NIO: FileChannel.write of a direct buffer, force(false) every 64 MiB and at the end, on the appending "
                        + "thread (nio-write) or handed to a second thread (nio-write-bgforce); the reference is the "
                        + "better of the two in each round. sluice: the log (CRC32C-framed batches, one record per "
                        + "append) with write-behind every 16 MiB from its flusher thread (writebehind), bounded to "
                        + "16 MiB in flight on the appending thread (bounded, --full), O_DIRECT (direct; "
                        + "direct-coalesce, --full: Coalescing 1 MiB, 1 ms linger, so the log's writer thread writes "
                        + "one buffer while the appending thread encodes into the other), or an mmap of the "
                        + "preallocated segment (--full); group commit every 64 MiB, flush() at the end. Each "
                        + "iteration writes a new file. Warm-up: the trial first runs the same code over 64 MiB (--full then adds "
                        + "one full-size JMH warmup iteration). Peers: Chronicle Queue (SyncMode.SYNC, "
                        + "ExcerptAppender.sync() at each durability point: msync MS_SYNC; one chunk holds the run, "
                        + "else the chunks left behind are msynced only later, by a background thread) and Kafka's "
                        + "LogSegment "
                        + "(one MemoryRecords batch per record, flushed like a broker with log.flush.interval.messages "
                        + "= durableEvery's records: force(true) of the log and its indexes; at the end only: "
                        + "Kafka's default, no flush until finish). Both are durable at the same points as every "
                        + "other variant, so every cell is a fair comparison. Limits: the C program making the "
                        + "system calls strace shows for each: limit-write is nio-write's (write(2) of the record, "
                        + "fdatasync inline); limit-writebehind and limit-direct are sluice's (one pwrite per "
                        + "record and its 48 bytes of framing, or O_DIRECT blocks of 4 KiB multiples; "
                        + "sync_file_range(WRITE) every 16 MiB and the periodic fdatasync on a flusher thread, the "
                        + "final fdatasync on the writer); limit-direct-coalesce (--full) writes as many framed "
                        + "records as make 1 MiB per O_DIRECT write, rounded up to 4 KiB, from a writer thread with "
                        + "one write in flight. The limit program is started before the iteration and timed from its "
                        + "go to its exit.");
    }

    static Scenario appendLatency() {
        Metric max = Metric.secondary("max", "worst append", false);
        Metric p999 = Metric.secondary("p99.9", "p99.9", false);
        Metric p99 = Metric.secondary("p99", "p99", false);
        Metric p50 = Metric.secondary("p50", "p50", false);
        Metric rate = Metric.secondary("MB/s", "throughput", true);
        List<String> variants = List.of("nio-write", "nio-write-bgforce", "peer-chronicle", "peer-kafka",
                "sluice-writebehind-1m", "sluice-writebehind", "sluice-mmap", "sluice-coalesce", "limit-writebehind-1m",
                "limit-writebehind", "limit-coalesce");
        // sluice-mmap (495-2097 MB/s in a fork's first iteration, never the best in a quick run) and limit-coalesce
        // are left to --full, so --quick keeps its 10-minute budget with sluice-coalesce
        List<String> quick = List.of("nio-write", "nio-write-bgforce", "peer-chronicle", "peer-kafka", "sluice-writebehind",
                "sluice-coalesce", "limit-writebehind");
        return new Scenario("append-latency",
                "4 KiB appends, durable every 64 MiB: latency per append at a steady 256 MB/s, and throughput flat out",
                AppendLatencyBenchmark.class, "run", List.of(max, p999, p99, p50, rate),
                List.of("nio-write", "nio-write-bgforce"),
                Map.of(Profile.QUICK, new Settings(params(quick, "rate", List.of("max", "256m"), "size", QUICK_LATENCY,
                                "durableEvery", List.of("64m")), 3, 1, 0, 1, 1),
                        Profile.FULL, new Settings(params(variants, "rate", List.of("max", "256m"), "size", List.of("1g"),
                                "durableEvery", List.of("64m")), 5, 1, 1, 2, 1),
                        Profile.SMOKE, new Settings(params(variants, "rate", List.of("max", "256m"), "size", List.of("8m"),
                                "durableEvery", List.of("2m")), 1, 1, 0, 1, 1)),
                List.of(Targets.bestRatioAtLeast("sluice throughput at least 1.5x NIO (flat out)", rate,
                                where("rate", "max"), 1.5).explainedBy(
                                "with one pwrite per 4 KiB append even the C loop (limit-writebehind) is near NIO, "
                                        + "so only sluice-coalesce (one pwrite per 1 MiB, from its writer thread while "
                                        + "appends fill the other buffer) can get there; its appending thread pays, per "
                                        + "append, the copy into the buffer and the CRC32C, and waits when the writer "
                                        + "thread's kernel copy into the page cache (2 cores, shared with the JIT) or "
                                        + "the disk falls behind (compare limit-coalesce, the same writes in C, in --full)."),
                        Targets.bestRatioAtLeast("worst-case append at most 1/10 of NIO's (steady rate)", max,
                                where("rate", "256m"), 10.0).explainedBy(
                                "against nio-write (inline force, the fdatasync stall) sluice's worst case is far "
                                        + "below 1/10; against nio-write-bgforce, whose stalls are already shorter, "
                                        + "sluice's remaining stalls of about a millisecond (see the per-round "
                                        + "ratios) keep it near the line."),
                        Targets.bestRatioAtLeast("p99.9 no worse than NIO's (steady rate)", p999,
                                where("rate", "256m"), 1.0)),
                "Latency is in microseconds. At the steady rate each append is scheduled at a fixed interval and its "
                        + "latency counts from that time, so a stall also charges the appends queued behind it (no "
                        + "coordinated omission). NIO forces on the appending thread (nio-write) or on a second thread "
                        + "(nio-write-bgforce); sluice syncs on its flusher thread, with write-behind every 1 MiB or "
                        + "16 MiB, writing each batch with pwrite or (sluice-mmap, IoMode.MMAP) copying it into a "
                        + "shared mapping of the preallocated segment, no system call per append; sluice-coalesce "
                        + "(Coalescing 1 MiB, 1 ms linger) encodes each append into one of two buffers, each written "
                        + "with one pwrite by the log's writer thread once it holds 1 MiB while appends fill the other, "
                        + "so its appends are seen by readers at that write, not at their return, where every other "
                        + "variant's are. Throughput includes the final sync. Peers: Chronicle Queue (msync every 64 MiB) and "
                        + "Kafka's LogSegment (flush every 64 MiB of messages, inline, as a broker does), as in "
                        + "append-durable. limit-writebehind(-1m): the C program making sluice's calls (a 4144-byte "
                        + "pwrite per append, write-behind and fdatasync on a flusher thread) on the same schedule, "
                        + "its latencies measured the same way; limit-coalesce the same with one pwrite of 254 "
                        + "batches (1052576 bytes) from a writer thread, one in flight, its latencies per hand-over; --quick leaves the 1 MiB write-behind "
                        + "pair, sluice-mmap and limit-coalesce to --full.");
    }

    static Scenario readCold() {
        // nio-map (no reference: not in the ratio) and nio-read-64k (the worse NIO read in every round of the
        // quick runs of 2026-12-02: 0.14-0.97x of nio-read-1m) are left to --full and read-warm, for the time
        List<String> quick = List.of("nio-read-1m", "sluice-kernel", "sluice-explicit-32m", "sluice-mmap",
                "limit-kernel", "limit-explicit-32m", "limit-mmap");
        List<String> smoke = List.of("nio-read-64k", "nio-read-1m", "nio-map", "sluice-kernel", "sluice-sequential",
                "sluice-explicit-32m", "sluice-mmap", "limit-kernel", "limit-sequential", "limit-explicit-32m", "limit-mmap");
        return read("read-cold", "read 1 GiB (512 MiB in --quick) sequentially after evicting it from the page cache "
                        + "(eviction not timed)", ReadColdBenchmark.class, quick, smoke, 3,
                List.of(Targets.bestRatioAtLeast("best sluice variant at least 1.5x NIO FileChannel.read",
                        READ_TIME, everyGroup(), 1.5).explainedBy(
                        "plain NIO already reads at the disk's rate here: the better NIO read and (in --full) "
                                + "nio-map (no syscall per read) take about the same time, and the limit rows show what "
                                + "the same calls reach without sluice's code, because this disk's read_ahead_kb "
                                + "is 8192 (see the header), not the usual 128, so the kernel's own read-ahead keeps "
                                + "the device busy. More read-ahead cannot beat the device.")));
    }

    static Scenario readWarm() {
        List<String> quick = List.of("nio-read-64k", "nio-read-1m", "nio-map", "sluice-kernel", "sluice-explicit-32m",
                "sluice-mmap");
        List<String> smoke = List.of("nio-read-64k", "nio-read-1m", "nio-map", "sluice-kernel", "sluice-explicit-32m",
                "sluice-mmap", "limit-kernel");
        // cached reads drift little: two rounds in --quick
        return read("read-warm", "read 1 GiB (512 MiB in --quick) sequentially while it is fully cached",
                ReadWarmBenchmark.class, quick, smoke, 2, List.of());
    }

    private static final Metric READ_TIME = Metric.primary("time to read size", false);

    private static Scenario read(String name, String title, Class<?> benchmark, List<String> quick, List<String> smoke,
                                 int quickRounds, List<Target> targets) {
        List<String> full = List.of("nio-read-64k", "nio-read-1m", "nio-map", "sluice-kernel", "sluice-sequential",
                "sluice-random", "sluice-explicit-32m", "sluice-mmap", "limit-kernel", "limit-sequential",
                "limit-explicit-32m", "limit-mmap");
        return new Scenario(name, title, benchmark, "run", List.of(READ_TIME), List.of("nio-read-64k", "nio-read-1m"),
                Map.of(Profile.QUICK, new Settings(params(quick, "size", QUICK_READ), quickRounds, 1, 0, 1, 1),
                        Profile.FULL, new Settings(params(full, "size", TIME_SIZES), 5, 1, 1, 3, 1),
                        Profile.SMOKE, new Settings(params(smoke, "size", List.of("16m")), 1, 1, 0, 1, 1)),
                targets,
                "One log of 64 KiB records in one segment, written once per suite run and read whole by every "
                        + "variant. NIO reads the segment file with FileChannel.read into a direct buffer, or maps it "
                        + "(FileChannel.map with an arena, copied out 64 KiB at a time); the reference is the better "
                        + "of the two reads in each round. sluice reads through LogReader.read, whose visitor sees "
                        + "each payload in place (no copy) after the batch's CRC32C was checked (work NIO does not do), "
                        + "under each read-ahead policy: kernel default, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM, "
                        + "explicit read-ahead kept 32 MiB ahead (a background thread's sendfile to /dev/null from a "
                        + "descriptor of its own), a mapping under MADV_SEQUENTIAL populated 8 MiB at a time ahead of "
                        + "the cursor (--full adds POSIX_FADV_RANDOM). "
                        + "Warm-up: the trial first reads a 64 MiB dataset the same way; --full then adds a full-size "
                        + "JMH warmup iteration. limit: the C program's pread loop of 1 MiB (the reader's buffer) over "
                        + "the segment file under the kernel's read-ahead, after POSIX_FADV_SEQUENTIAL, or with "
                        + "sendfile(2) to /dev/null in 1 MiB calls kept 32 MiB ahead from a second thread and a "
                        + "descriptor of its own, or one mmap(MAP_SHARED) of the segment under MADV_SEQUENTIAL, "
                        + "MADV_POPULATE_READ 8 MiB at a time and a byte read per page, as strace shows sluice's "
                        + "reader doing; it checks no CRC and "
                        + "decodes no batch, so it is the floor of the same system calls.");
    }

    static Scenario cacheFootprint() {
        Metric cached = Metric.secondary("cachedMiB", "left cached", false);
        Metric tail = Metric.secondary("hotTailPct", "hot tail resident (lowest)", true);
        List<String> variants = List.of("nio", "sluice-dropbehind", "sluice-uncached");
        return new Scenario("cache-footprint",
                "page cache left after writing 1 GiB, after reading 1 GiB cold, and a hot tail's residency during a 1 GiB "
                        + "catch-up scan (512 MiB in --quick)",
                CacheFootprintBenchmark.class, "run", List.of(cached, tail), List.of("nio"),
                // a footprint drifts little between minutes: two rounds in --quick
                Map.of(Profile.QUICK, new Settings(params(variants, "phase", List.of("write", "read", "tail"),
                                "size", QUICK_READ, "tailSize", List.of("64m"), "headroom", List.of("256m")), 2, 1, 0, 1, 1),
                        Profile.FULL, new Settings(params(variants, "phase", List.of("write", "read", "tail"),
                                "size", TIME_SIZES, "tailSize", List.of("64m"), "headroom", List.of("256m")), 5, 1, 1, 2, 1),
                        // the tail phase needs root and a memory cgroup, which a CI machine may not give
                        Profile.SMOKE, new Settings(params(variants, "phase", List.of("write", "read"),
                                "size", List.of("16m"), "tailSize", List.of("4m"), "headroom", List.of("32m")), 1, 1, 0, 1, 1)),
                List.of(Targets.scoreFractionAtMost("drop-behind and uncached leave at most 5% of what NIO leaves",
                                cached, List.of("sluice-dropbehind", "sluice-uncached"), "nio", where("phase", "write", "read"), 0.05),
                        Targets.bestScoreAtLeast("the hot tail stays at least 95% resident during the catch-up scan",
                                tail, where("phase", "tail"), 95.0)),
                "Cached bytes by cachestat(2) on the written or scanned file right after the operation (after "
                        + "force/flush for writes), while it is still open. write: NIO FileChannel.write + force "
                        + "against the log with DROP_BEHIND or UNCACHED (RWF_DONTCACHE). read: FileChannel.read "
                        + "(1 MiB) against a LogReader with that cache hint. tail: the JVM moves into a memory cgroup "
                        + "limited to 64 MiB + 256 MiB, writes and reads a 64 MiB hot tail, then a catch-up reader "
                        + "scans the cold dataset; the figure is the lowest tail residency sampled every "
                        + "16 MiB of the scan. Without the cgroup this 24 GiB machine would feel no pressure.");
    }

    static Scenario transferSocket() {
        Metric time = Metric.primary("time to send size", false);
        Metric cpu = Metric.secondary("senderCpuSecPerGiB", "sender CPU", false);
        Metric receiver = Metric.secondary("receiverBusyPct", "receiver busy", false);
        List<String> variants = List.of("nio-transferto", "nio-copy", "sluice-sendfile", "sluice-splice", "limit-sendfile",
                "limit-splice");
        return new Scenario("transfer-socket", "1 GiB (512 MiB in --quick) from a cached file to a 127.0.0.1 socket",
                TransferSocketBenchmark.class, "run", List.of(time, cpu, receiver), List.of("nio-transferto", "nio-copy"),
                Map.of(Profile.QUICK, new Settings(params(variants, "size", QUICK_READ), 3, 1, 0, 1, 1),
                        Profile.FULL, new Settings(params(variants, "size", TIME_SIZES), 5, 1, 1, 3, 1),
                        Profile.SMOKE, new Settings(params(variants, "size", List.of("16m")), 1, 1, 0, 1, 1)),
                List.of(Targets.ratioAgainstAtLeast("sendfile at least 0.95x NIO transferTo", time, "sluice-sendfile",
                                "nio-transferto", everyGroup(), 0.95),
                        Targets.ratioAgainstAtLeast("sender CPU per GiB at most 0.7x the NIO copy loop's (ratio >= 1/0.7)",
                                cpu, "sluice-sendfile", "nio-copy", everyGroup(), 1 / 0.7).explainedBy(
                                "on loopback the sending thread's CPU goes to TCP, and the loopback device delivers "
                                        + "each segment to the receiving socket in the sender's own context: "
                                        + "nio-transferto (sendfile too) and nio-copy differ by the cost of one copy "
                                        + "out of the page cache, a small part of the total (compare their sender "
                                        + "CPU). Zero copy saves that copy, not the network stack.")),
                "The receiver is a thread in the same JVM reading into a 1 MiB direct buffer; 'receiver busy' is its "
                        + "CPU time over the wall time (near 100%: the receiver, not the sender, was the limit). "
                        + "Sender CPU is the sending thread's own CPU time (/proc/thread-self/schedstat), per GiB. "
                        + "nio-copy reads 256 KiB at a time into a direct buffer and writes it to the socket. The file "
                        + "is warmed before each iteration. limit-sendfile, limit-splice: the C program connects and "
                        + "sends the whole file with sendfile(2) in one call (looping on short counts), or splice(2) "
                        + "through a 1 MiB pipe drained chunk by chunk, as sluice's paths do; its sender CPU is the "
                        + "program's own user and system time.");
    }

    static Scenario receiveSocket() {
        Metric time = Metric.primary("time to receive size", false);
        Metric cpu = Metric.secondary("receiverCpuSecPerGiB", "receiver CPU", false);
        Metric sender = Metric.secondary("senderBusyPct", "sender busy", false);
        List<String> variants = List.of("nio-transferfrom", "nio-copy", "sluice-splice");
        return new Scenario("receive-socket", "1 GiB (512 MiB in --quick) from a 127.0.0.1 socket into a new file",
                ReceiveSocketBenchmark.class, "run", List.of(time, cpu, sender), List.of("nio-transferfrom", "nio-copy"),
                Map.of(Profile.QUICK, new Settings(params(variants, "size", QUICK_READ), 2, 1, 0, 1, 1),
                        Profile.FULL, new Settings(params(variants, "size", TIME_SIZES), 5, 1, 1, 3, 1),
                        Profile.SMOKE, new Settings(params(variants, "size", List.of("16m")), 1, 1, 0, 1, 1)),
                List.of(),
                "The sender is a thread in the same JVM writing a 1 MiB direct buffer over and over; 'sender busy' is "
                        + "its CPU time over the wall time. Timed until every byte is in the file's page cache (no "
                        + "sync, the same for all). sluice splices socket to a 1 MiB pipe and the pipe to the file.");
    }

    static Scenario syscallOverhead() {
        Metric time = Metric.primary("time per call", false);
        Map<String, List<String>> params = params(List.of("raw", "sluice-safe"));
        return new Scenario("syscall-overhead",
                "ns per fcntl(F_GETFD) through the safe layer vs a raw FFM downcall",
                SyscallOverheadBenchmark.class, "run", List.of(time), List.of("raw"),
                Map.of(Profile.QUICK, new Settings(params, 2, 1, 1, 1, 1),
                        Profile.FULL, new Settings(params, 5, 1, 3, 5, 1),
                        Profile.SMOKE, new Settings(params, 1, 1, 0, 1, 1)),
                List.of(Targets.scoreWithin("the safe layer within 20 ns of the raw handle", time, "sluice-safe", "raw", 20.0)),
                "raw: a plain FFM downcall the benchmark links itself, without errno capture or checks. sluice-safe: Fd.isCloseOnExec(), a "
                        + "reference on the descriptor, errno captured per thread, EINTR retry, the error check.");
    }

    static Scenario cliStartup() {
        Metric time = Metric.primary("wall time per process", false);
        Map<String, List<String>> params = params(List.of("java-version", "sluice-version", "sluice-cache-stat"));
        return new Scenario("cli-startup",
                "wall time of one ./sluice process from fork to exit: --version, and cache stat of a 1 MiB file",
                CliStartupBenchmark.class, "run", List.of(time), List.of("java-version"),
                Map.of(Profile.QUICK, new Settings(params, 2, 1, 0, 1, 2),
                        Profile.FULL, new Settings(params, 3, 1, 1, 3, 3),
                        Profile.SMOKE, new Settings(params, 1, 1, 0, 1, 1)),
                List.of(Targets.scoreAtMost("./sluice --version in at most 0.3 s", time, "sluice-version", 300),
                        Targets.scoreAtMost("./sluice cache stat FILE in at most 0.4 s", time, "sluice-cache-stat", 400)),
                "Each operation starts the process and waits for it (output discarded). java-version: java -version "
                        + "of the same JDK, the floor of any Java command line; the sluice variants go through the "
                        + "./sluice launcher script (JDK discovery, the jar's freshness check), as a user runs them.");
    }

    /** The variant list first, then name/values pairs. */
    private static Map<String, List<String>> params(List<String> variants, Object... more) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put(Scenario.VARIANT_PARAM, variants);
        for (int i = 0; i < more.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> values = (List<String>) more[i + 1];
            p.put((String) more[i], values);
        }
        return p;
    }
}
