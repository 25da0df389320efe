package dev.sluice.bench;

import dev.sluice.testing.ChildJvm;
import dev.sluice.testing.StraceOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The limit program makes the system calls of the sluice (or NIO) variant it stands beside: both
 * run under {@code strace -f -yy}, the benchmarks' own code in a child JVM ({@link LimitTraceMain}),
 * and the calls on the data file are compared by their shape (which call, what size, how many, on
 * which thread). Also: the program's figures, its usage errors, and that it is rebuilt when its
 * source is newer.
 */
@Timeout(300)
class LimitProgramTest {
    private static final Path STRACE = Path.of("/usr/bin/strace");
    private static final int RECORD = 64 * 1024;
    private static final long RECORDS = 512; // 32 MiB
    private static final Pattern CALL = Pattern.compile(
            "^(?<name>[a-z0-9_]+)\\((?<fd>\\d+)<(?<file>[^<>]*(?:<[^>]*>)?)>(?<args>.*)\\)\\s+= (?<result>-?\\d+).*$");

    private static final Pattern SENT_FROM = Pattern.compile("^\\[(\\d+)\\]");

    /** One traced call on a descriptor: its thread, name, the descriptor's path, the other arguments and the result. */
    record Call(String tid, String name, int fd, String file, List<String> args, long result) {
        long arg(int i) {
            return Long.parseLong(args.get(i).replaceAll("[^0-9]", ""));
        }
    }

    /** What the comparison looks at in an append's calls on its data file. */
    record AppendShape(Set<String> writeCalls, Set<Long> writeSizes, long writes, boolean writesContiguous,
                       boolean writeBehindOffTheWriter, boolean writeBehindOnlyWrite, boolean writeBehindContiguous,
                       boolean finalSyncOnTheWriter, long syncsOnTheWriter) {
    }

    @ParameterizedTest
    @CsvSource({"writebehind, 65536, 512, 0, 1", "writebehind-1m, 4096, 4096, 4194304, 1", "plain, 65536, 512, 8388608, 1",
            "coalesce, 4096, 4064, 4194304, 254"})
    void theLimitMakesTheCallsOfTheSluiceVariantItStandsBeside(String policy, int recordSize, long records, long durableEvery,
                                                               int batchesPerWrite, @TempDir Path tmp) throws Exception {
        requireStrace();
        AppendShape sluice = appendShape(javaAppend(tmp, "sluice-" + policy, records, recordSize, durableEvery), ".log");
        AppendShape limit = appendShape(limitAppend(tmp, "limit-" + policy, records, recordSize, durableEvery), "limit.log");
        assertThat(sluice.writeCalls()).containsExactly("pwrite64");
        assertThat(sluice.writeSizes()).containsExactly((long) batchesPerWrite * (recordSize + Limits.FRAME_BYTES));
        assertThat(sluice.writeBehindOffTheWriter()).isEqualTo(!policy.equals("plain"));
        // coalescing writes on a thread of its own; the appending thread makes the final sync
        assertThat(sluice.finalSyncOnTheWriter()).isEqualTo(!policy.equals("coalesce"));
        assertThat(limit).isEqualTo(sluice);
    }

    @Test
    void plainWriteMakesNiosCalls(@TempDir Path tmp) throws Exception {
        requireStrace();
        long every = 8L << 20;
        AppendShape nio = appendShape(javaAppend(tmp, "nio-write", RECORDS, RECORD, every), "nio.log");
        AppendShape limit = appendShape(limitAppend(tmp, "limit-write", RECORDS, RECORD, every), "limit.log");
        assertThat(nio.writeCalls()).containsExactly("write");
        assertThat(nio.writeSizes()).containsExactly((long) RECORD);
        // every 8 MiB, the last right after the last write (finish's own force comes after it)
        assertThat(nio.syncsOnTheWriter()).isEqualTo(RECORDS * RECORD / every);
        assertThat(limit).isEqualTo(nio);
    }

    @Test
    void directWritesWholeBlocksThroughAnODirectDescriptorAndSyncsThroughTheOther(@TempDir Path tmp) throws Exception {
        requireStrace();
        Path file = tmp.resolve("limit.log");
        List<String> args = Limits.append("limit-direct", file, RECORDS, RECORD, 8L << 20, 0, false);
        List<Call> calls = trace(tmp, "openat,pwrite64,fdatasync", LimitProgram.binary().toString(), args);
        Matcher direct = Pattern.compile("openat\\(AT_FDCWD<[^>]*>, \"" + Pattern.quote(file.toString())
                + "\", O_WRONLY\\|O_CREAT\\|O_EXCL\\|O_DIRECT\\|O_CLOEXEC, 0644\\) = (\\d+)<").matcher(
                Files.readString(tmp.resolve("trace")));
        assertThat(direct.find()).as("an O_DIRECT open of the file").isTrue();
        int directFd = Integer.parseInt(direct.group(1));
        List<Call> writes = on(calls, "limit.log", "pwrite64");
        List<Call> syncs = on(calls, "limit.log", "fdatasync");
        assertThat(writes).hasSize((int) RECORDS).allSatisfy(w -> {
            assertThat(w.fd()).isEqualTo(directFd);
            assertThat(w.arg(1) % 4096).isZero();
        });
        assertThat(syncs).isNotEmpty().allSatisfy(sync -> assertThat(sync.fd()).isNotEqualTo(directFd));
    }

    @Test
    void explicitReadAheadSendsMiBStepsToDevNullFromADescriptorOfItsOwnOffTheReadingThreadAsSluicesReaderDoes(
            @TempDir Path tmp) throws Exception {
        requireStrace();
        Path benchDir = Files.createDirectory(tmp.resolve("bench"));
        String size = "64m";
        // the dataset first, untraced
        Path made = tmp.resolve("made");
        assertThat(ChildJvm.runToCompletion(javaCommand(benchDir, "read", "sluice-kernel", size), made, 120))
                .as(Files.readString(made)).isZero();
        Path segment = Path.of(Files.readString(made).lines().filter(l -> l.startsWith("segment="))
                .findFirst().orElseThrow().substring("segment=".length()));

        String name = segment.getFileName().toString();
        List<String> javaCommand = javaCommand(benchDir, "read", "sluice-explicit-32m", size);
        List<Call> sluice = trace(tmp, "pread64,sendfile", javaCommand.get(0), javaCommand.subList(1, javaCommand.size()));
        List<Call> limit = trace(tmp, "pread64,sendfile", LimitProgram.binary().toString(), Limits.read("limit-explicit-32m", segment));
        for (List<Call> calls : List.of(sluice, limit)) {
            List<Call> preads = on(calls, name, "pread64");
            // sendfile(/dev/null, segment, [offset], count): a pool's threads may share the calls, in file order
            // they must still follow each other
            List<Call> sends = calls.stream().filter(c -> c.name().equals("sendfile") && c.file().startsWith("/dev/null")
                            && c.args().get(0).endsWith(name + ">"))
                    .sorted(Comparator.comparingLong(LimitProgramTest::sentFrom)).toList();
            assertThat(sends).as("sendfile calls of the segment in %s", calls).isNotEmpty();
            // each starts where the last ended, or where the reader has got to if it overtook them
            long next = 0;
            for (Call send : sends) {
                assertThat(sentFrom(send)).isGreaterThanOrEqualTo(next);
                assertThat(send.result()).isEqualTo(send.arg(2));
                next = sentFrom(send) + send.arg(2);
            }
            assertThat(sends.subList(0, sends.size() - 1)).allSatisfy(send -> assertThat(send.arg(2)).isEqualTo(1L << 20));
            assertThat(preads.stream().mapToLong(c -> c.arg(1)).max().orElse(0)).isEqualTo(1L << 20);
            assertThat(sends.stream().map(c -> Integer.parseInt(c.args().get(0).replaceAll("<.*", ""))).distinct())
                    .as("read through a descriptor of its own, with read-ahead state of its own")
                    .doesNotContainAnyElementsOf(preads.stream().map(Call::fd).distinct().toList());
            assertThat(sends.stream().map(Call::tid).distinct())
                    .as("the read-ahead waits for its reads: not on the reading thread")
                    .doesNotContainAnyElementsOf(preads.stream().map(Call::tid).distinct().toList());
        }
    }

    /** The offset a traced sendfile started at: its third argument, "[FROM] => [TO]". */
    private static long sentFrom(Call send) {
        Matcher m = SENT_FROM.matcher(send.args().get(1));
        assertThat(m.find()).as("sendfile's offset in %s", send).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void sendfileSendsTheWholeFileInOneCall(@TempDir Path tmp) throws Exception {
        requireStrace();
        Path file = tmp.resolve("data");
        Files.write(file, new byte[3 << 20]);
        try (CountingReceiver receiver = new CountingReceiver()) {
            Future<Long> got = receiver.receiveInBackground();
            List<Call> sends = on(trace(tmp, "sendfile", LimitProgram.binary().toString(), Limits.sendfile(file, receiver.port())),
                    null, "sendfile");
            assertThat(got.get(60, TimeUnit.SECONDS)).isEqualTo(3L << 20);
            assertThat(sends).hasSize(1);
            assertThat(sends.get(0).result()).isEqualTo(3L << 20);
        }
    }

    @Test
    void theMappedReadMapsTheSegmentAndPopulatesItAheadAsSluicesMmapReaderDoes(@TempDir Path tmp) throws Exception {
        requireStrace();
        Path benchDir = Files.createDirectory(tmp.resolve("bench"));
        List<String> javaCommand = javaCommand(benchDir, "read", "sluice-mmap", "32m");
        trace(tmp, "mmap,madvise", javaCommand.get(0), javaCommand.subList(1, javaCommand.size()));
        String sluiceTrace = joinedCalls(tmp.resolve("trace"));
        Path segment = Files.list(benchDir.resolve("read-dataset-32m")).filter(p -> p.toString().endsWith(".log"))
                .findFirst().orElseThrow().toRealPath();
        List<String> sluice = mappedReadCalls(sluiceTrace, segment);
        trace(tmp, "mmap,madvise", LimitProgram.binary().toString(), Limits.read("limit-mmap", segment));
        List<String> limit = mappedReadCalls(joinedCalls(tmp.resolve("trace")), segment);
        long size = Files.size(segment);
        List<String> expected = new ArrayList<>(List.of("mmap " + size, "SEQUENTIAL 0+" + pages(size)));
        for (long at = 0; at < size; at += 8L << 20) {
            expected.add("POPULATE_READ " + at + "+" + pages(Math.min(8L << 20, size - at)));
        }
        assertThat(sluice).as("sluice's calls on its mapping of the segment").isEqualTo(expected);
        assertThat(limit).as("the limit's").isEqualTo(expected);
    }

    /** The calls of a trace, one per line, each thread's in order and its unfinished calls joined back. */
    private static String joinedCalls(Path trace) throws IOException {
        return StraceOutput.byThread(Files.readAllLines(trace)).values().stream().flatMap(List::stream)
                .collect(Collectors.joining("\n"));
    }

    private static long pages(long bytes) {
        return (bytes + 4095) / 4096 * 4096;
    }

    /**
     * The first mapping of {@code segment} in a trace ("mmap LENGTH", no MAP_POPULATE), then each madvise
     * inside it, as "ADVICE OFFSET+LENGTH" (offset from the mapping's start, length rounded up to pages).
     */
    private static List<String> mappedReadCalls(String trace, Path segment) {
        Matcher map = Pattern.compile("mmap\\(NULL, (\\d+), PROT_READ, MAP_SHARED, \\d+<" + Pattern.quote(segment.toString())
                + ">, 0\\) = 0x([0-9a-f]+)").matcher(trace);
        assertThat(map.find()).as("a mapping of the segment without MAP_POPULATE in %s", trace).isTrue();
        long length = Long.parseLong(map.group(1));
        long address = Long.parseUnsignedLong(map.group(2), 16);
        List<String> calls = new ArrayList<>(List.of("mmap " + length));
        Matcher advice = Pattern.compile("madvise\\(0x([0-9a-f]+), (\\d+), MADV_([A-Z_]+)\\) = 0").matcher(trace);
        while (advice.find()) {
            long at = Long.parseUnsignedLong(advice.group(1), 16) - address;
            if (at >= 0 && at < length) {
                calls.add(advice.group(3) + " " + at + "+" + pages(Long.parseLong(advice.group(2))));
            }
        }
        return calls;
    }

    @Test
    void spliceGoesThroughAOneMiBPipeDrainedChunkByChunk(@TempDir Path tmp) throws Exception {
        requireStrace();
        Path file = tmp.resolve("data");
        long size = (5L << 20) + 12345;
        Files.write(file, new byte[(int) size]);
        try (CountingReceiver receiver = new CountingReceiver()) {
            Future<Long> got = receiver.receiveInBackground();
            List<Call> calls = trace(tmp, "pipe2,fcntl,splice", LimitProgram.binary().toString(),
                    Limits.send("limit-splice", file, receiver.port()));
            assertThat(got.get(60, TimeUnit.SECONDS)).isEqualTo(size);
            String trace = Files.readString(tmp.resolve("trace"));
            assertThat(Pattern.compile("pipe2\\(").matcher(trace).results().count()).isEqualTo(1);
            assertThat(trace).containsPattern("fcntl\\(\\d+<pipe:\\[\\d+]>, F_SETPIPE_SZ, 1048576\\) = 1048576");
            List<Call> fills = calls.stream().filter(c -> c.name().equals("splice") && c.file().equals(file.toString())).toList();
            List<Call> drains = calls.stream().filter(c -> c.name().equals("splice") && c.file().startsWith("pipe:")).toList();
            assertThat(fills).hasSize(6);
            long next = 0;
            for (Call fill : fills) {
                assertThat(fill.args().get(0)).startsWith("[" + next + "]"); // the file offset: contiguous
                assertThat(fill.result()).isLessThanOrEqualTo(1 << 20);
                assertThat(fill.args()).last().isEqualTo("SPLICE_F_MOVE");
                next += fill.result();
            }
            assertThat(next).isEqualTo(size);
            assertThat(drains.stream().mapToLong(Call::result).sum()).isEqualTo(size);
            assertThat(drains.subList(0, drains.size() - 1)).allSatisfy(d -> assertThat(d.args()).last()
                    .isEqualTo("SPLICE_F_MOVE|SPLICE_F_MORE"));
            assertThat(drains.get(drains.size() - 1).args()).last().isEqualTo("SPLICE_F_MOVE");
        }
    }

    @Test
    void itPrintsItsFiguresAndWaitsForItsGo(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("limit.log");
        try (LimitProgram.Ready ready = LimitProgram.ready(Limits.append("limit-writebehind", file, 64, 4096, 0, 0, true))) {
            assertThat(file).exists().isEmptyFile(); // opened, nothing written before the go
            Map<String, String> figures = ready.go();
            assertThat(figures).containsKeys("seconds", "bytes", "MBps", "cpuSeconds", "p50", "p99", "p99.9", "max");
            assertThat(LimitProgram.figure(figures, "bytes")).isEqualTo(64.0 * (4096 + Limits.FRAME_BYTES));
            assertThat(file).hasSize(64L * (4096 + Limits.FRAME_BYTES));
        }
        Map<String, String> disk = LimitProgram.run(List.of("disk", tmp.toString(), "4m", "3"));
        assertThat(disk).containsKeys("writeMBps", "readMBps", "fdatasyncMedianUs", "fdatasyncMaxUs", "touchMBps");
        assertThat(LimitProgram.figure(disk, "touchMBps")).isPositive();
        assertThat(LimitProgram.figure(disk, "fdatasyncMaxUs")).isGreaterThanOrEqualTo(LimitProgram.figure(disk,
                "fdatasyncMedianUs"));
        try (var left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("limit.log"); // disk removed its file
        }
    }

    @Test
    void aFailedCallIsAnIOExceptionNamingIt(@TempDir Path tmp) throws Exception {
        Path exists = Files.createFile(tmp.resolve("exists"));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> LimitProgram.run(
                Limits.append("limit-write", exists, 1, 4096, 0, 0, false))))
                .isInstanceOf(IOException.class).hasMessage("sluice-limit: open failed: File exists");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> LimitProgram.run(List.of("append", "x", "1z", "1"))))
                .isInstanceOf(IOException.class).hasMessageContaining("not a size");
    }

    @Test
    void theProgramIsRebuiltWhenItsSourceIsNewer() throws Exception {
        Path binary = LimitProgram.binary();
        Path source = LimitProgram.root().resolve(LimitProgram.SOURCE);
        Files.setLastModifiedTime(binary, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(source).toMillis() - 60_000));
        assertThat(LimitProgram.binary()).isEqualTo(binary);
        assertThat(Files.getLastModifiedTime(binary).toMillis()).isGreaterThanOrEqualTo(
                Files.getLastModifiedTime(source).toMillis());
    }

    private static void requireStrace() {
        assertThat(Files.isExecutable(STRACE)).as(STRACE + " is the oracle of this test: install strace").isTrue();
        assumeThat(System.getProperty("os.arch")).as("the call names checked are x86_64's").isEqualTo("amd64");
    }

    private static List<Call> javaAppend(Path tmp, String variant, long records, int recordSize, long durableEvery)
            throws Exception {
        Path dir = Files.createDirectory(tmp.resolve(variant));
        List<String> command = javaCommand(tmp, "append", variant, dir.toString(), Long.toString(records),
                Integer.toString(recordSize), Long.toString(durableEvery));
        return trace(tmp, "write,pwrite64,sync_file_range,fdatasync", command.get(0), command.subList(1, command.size()));
    }

    private static List<Call> limitAppend(Path tmp, String variant, long records, int recordSize, long durableEvery)
            throws Exception {
        Path file = tmp.resolve("limit.log");
        Files.deleteIfExists(file);
        return trace(tmp, "write,pwrite64,sync_file_range,fdatasync", LimitProgram.binary().toString(),
                Limits.append(variant, file, records, recordSize, durableEvery, 0, false));
    }

    private static List<String> javaCommand(Path benchDir, String... args) {
        List<String> command = new ArrayList<>(ChildJvm.command(LimitTraceMain.class, args));
        command.add(1, "-D" + BenchFiles.DIRECTORY_PROPERTY + "=" + benchDir);
        command.add(1, "-D" + Appenders.LINGER_PROPERTY + "=60000"); // whole buffers only, however slow strace makes the appends
        return command;
    }

    /** The shape of an append's calls on the file whose name ends with {@code suffix}. */
    private static AppendShape appendShape(List<Call> calls, String suffix) {
        List<Call> onFile = calls.stream().filter(c -> c.file().endsWith(suffix)).toList();
        List<Call> writes = onFile.stream().filter(c -> c.name().equals("write") || c.name().equals("pwrite64")).toList();
        assertThat(writes).as("writes on *%s in %s", suffix, calls).isNotEmpty();
        Set<String> writers = new LinkedHashSet<>();
        writes.forEach(w -> writers.add(w.tid()));
        assertThat(writers).as("one writing thread").hasSize(1);
        String writer = writers.iterator().next();
        Set<String> names = new LinkedHashSet<>();
        Set<Long> sizes = new LinkedHashSet<>();
        boolean contiguous = true;
        long next = 0;
        for (Call w : writes) {
            names.add(w.name());
            sizes.add(w.result());
            if (w.name().equals("pwrite64")) {
                contiguous &= w.arg(2) == next;
            }
            next += w.result();
        }
        List<Call> writeBehind = onFile.stream().filter(c -> c.name().equals("sync_file_range")).toList();
        boolean behindContiguous = true;
        long behindNext = 0;
        for (Call c : writeBehind) {
            behindContiguous &= c.arg(0) == behindNext;
            behindNext += c.arg(1);
        }
        // one thread's calls are in order (the trace's threads are not interleaved here)
        List<Call> writerCalls = onFile.stream().filter(c -> c.tid().equals(writer)).toList();
        int lastWrite = writerCalls.lastIndexOf(writes.get(writes.size() - 1));
        boolean finalSyncOnWriter = lastWrite + 1 < writerCalls.size()
                && writerCalls.get(lastWrite + 1).name().equals("fdatasync");
        long syncsOnWriter = writerCalls.subList(0, Math.min(writerCalls.size(), lastWrite + 2)).stream()
                .filter(c -> c.name().equals("fdatasync")).count();
        return new AppendShape(names, sizes, writes.size(), contiguous,
                !writeBehind.isEmpty() && writeBehind.stream().noneMatch(c -> c.tid().equals(writer)),
                writeBehind.stream().allMatch(c -> c.args().get(2).equals("SYNC_FILE_RANGE_WRITE")),
                behindContiguous, finalSyncOnWriter, syncsOnWriter);
    }

    private static List<Call> on(List<Call> calls, String fileSuffix, String name) {
        return calls.stream().filter(c -> fileSuffix == null || c.file().endsWith(fileSuffix))
                .filter(c -> name == null || c.name().equals(name)).toList();
    }

    /** Runs {@code program args} under strace, tracing these calls, and returns them (per thread, joined back). */
    private static List<Call> trace(Path tmp, String calls, String program, List<String> args) throws Exception {
        Path trace = tmp.resolve("trace");
        Path output = tmp.resolve("output");
        Files.deleteIfExists(trace);
        List<String> command = new ArrayList<>(List.of(STRACE.toString(), "-f", "-qq", "-yy", "-s", "0", "-o",
                trace.toString(), "-e", "signal=none", "-e", "trace=" + calls, program));
        command.addAll(args);
        int exit = ChildJvm.runToCompletion(command, output, 180);
        assertThat(exit).as("strace %s: %s", args, Files.readString(output, StandardCharsets.UTF_8)).isZero();
        List<Call> parsed = new ArrayList<>();
        for (Map.Entry<String, List<String>> thread : StraceOutput.byThread(Files.readAllLines(trace)).entrySet()) {
            for (String body : thread.getValue()) {
                Matcher m = CALL.matcher(body);
                if (m.matches()) {
                    List<String> rest = new ArrayList<>();
                    for (String arg : m.group("args").split(", ")) {
                        if (!arg.isBlank()) {
                            rest.add(arg.strip());
                        }
                    }
                    parsed.add(new Call(thread.getKey(), m.group("name"), Integer.parseInt(m.group("fd")), m.group("file"), rest,
                            Long.parseLong(m.group("result"))));
                }
            }
        }
        return parsed;
    }
}
