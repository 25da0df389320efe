package dev.sluice.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The limit variants ({@code limit-...}): for each, the {@link LimitProgram} command line that makes
 * the system calls of the sluice variant it stands beside, as strace shows them (checked by
 * LimitProgramTest):
 * <ul>
 * <li>appends: the log writes each one-record batch with one pwrite of the record and
 *     {@link #FRAME_BYTES} of framing, at the file's end (coalescing: one pwrite of as many whole batches as
 *     make 1 MiB, from a writer thread of its own); its flusher thread issues the write-behind
 *     ({@code sync_file_range(WRITE)} of each window) and the periodic fdatasync; the appending
 *     thread the final fdatasync. In {@code IoMode.DIRECT} it writes whole blocks through an
 *     O_DIRECT descriptor and syncs through the buffered one.</li>
 * <li>reads: pread of 1 MiB (the reader's buffer) to the end, under the kernel's read-ahead, after
 *     POSIX_FADV_SEQUENTIAL, or with readahead(2) in 8 MiB calls kept 32 MiB ahead from a second thread; or one
 *     mmap(MAP_SHARED|MAP_POPULATE) of the whole segment.</li>
 * <li>sends: one sendfile of the whole file to a blocking socket, looping on short counts; or splice
 *     through a 1 MiB pipe, each chunk drained before the next.</li>
 * </ul>
 */
final class Limits {
    /** The prefix of a limit variant's name. */
    static final String PREFIX = "limit-";
    /** What the log adds to a record in a one-record batch: its 40-byte batch header and 8 bytes of record framing. */
    static final int FRAME_BYTES = 48;
    private static final int DIRECT_BLOCK = 4096;

    private Limits() {
    }

    static boolean isLimit(String variant) {
        return variant.startsWith(PREFIX);
    }

    /**
     * The append command for {@code records} appends of {@code recordSize} into a new {@code file},
     * durable every {@code durableEvery} bytes (0: at the end only); {@code rate} in bytes per second
     * (0: flat out); {@code latency}: print percentiles.
     */
    static List<String> append(String variant, Path file, long records, int recordSize, long durableEvery, long rate,
                               boolean latency) {
        int framed = recordSize + FRAME_BYTES;
        List<String> args = new ArrayList<>(List.of("append", file.toString()));
        switch (variant) {
            // what nio-write does: FileChannel.write is write(2), force(false) fdatasync, both inline
            case "limit-write" -> args.addAll(sizes(records, recordSize));
            case "limit-plain" -> args.addAll(concat(sizes(records, framed), "--pwrite", "--flusher"));
            case "limit-writebehind" -> args.addAll(concat(sizes(records, framed), "--pwrite", "--flusher",
                    "--writebehind", "16m"));
            case "limit-writebehind-1m" -> args.addAll(concat(sizes(records, framed), "--pwrite", "--flusher",
                    "--writebehind", "1m"));
            case "limit-coalesce" -> {
                // sluice-coalesce hands its buffer to its writer thread once it holds 1 MiB: that many whole
                // batches per pwrite, one in flight while appends fill the other buffer
                long perWrite = (Appenders.COALESCING.bytes() + framed - 1) / framed;
                args.addAll(concat(sizes(records / perWrite, (int) (perWrite * framed)), "--pwrite", "--flusher",
                        "--writebehind", "16m", "--writer-thread"));
            }
            case "limit-direct" -> {
                int block = (framed + DIRECT_BLOCK - 1) / DIRECT_BLOCK * DIRECT_BLOCK;
                args.addAll(concat(sizes(records, block), "--direct", "--flusher"));
            }
            case "limit-direct-coalesce" -> {
                // sluice-direct-coalesce hands a buffer of at least 1 MiB of whole batches to its writer thread,
                // which writes it in whole blocks
                long perWrite = (Appenders.COALESCING.bytes() + framed - 1) / framed;
                long bytes = (perWrite * framed + DIRECT_BLOCK - 1) / DIRECT_BLOCK * DIRECT_BLOCK;
                args.addAll(concat(sizes(records / perWrite, (int) bytes), "--direct", "--flusher", "--writer-thread"));
            }
            default -> throw new IllegalArgumentException("unknown append limit " + variant);
        }
        if (durableEvery > 0) {
            args.addAll(List.of("--every", Long.toString(durableEvery)));
        }
        if (rate > 0) {
            args.addAll(List.of("--rate", Long.toString(rate)));
        }
        if (latency) {
            args.add("--latency");
        }
        return args;
    }

    /** The read command for a cold or warm sequential read of {@code file}. */
    static List<String> read(String variant, Path file) {
        List<String> args = new ArrayList<>(List.of("read", file.toString(), "1m"));
        switch (variant) {
            case "limit-kernel" -> {
            }
            case "limit-sequential" -> args.add("--sequential");
            case "limit-explicit-32m" -> args.addAll(List.of("--readahead", "32m", "--step", "1m"));
            case "limit-mmap" -> args.add("--mmap");
            default -> throw new IllegalArgumentException("unknown read limit " + variant);
        }
        return args;
    }

    /** The send command: the whole {@code file} to 127.0.0.1:{@code port}. */
    static List<String> sendfile(Path file, int port) {
        return send("limit-sendfile", file, port);
    }

    /** The send command of {@code limit-sendfile} or {@code limit-splice}. */
    static List<String> send(String variant, Path file, int port) {
        String mode = switch (variant) {
            case "limit-sendfile" -> "sendfile";
            case "limit-splice" -> "splice";
            default -> throw new IllegalArgumentException("unknown send limit " + variant);
        };
        return List.of(mode, file.toString(), Integer.toString(port));
    }

    private static List<String> sizes(long records, int chunk) {
        return List.of(Long.toString(records * chunk), Integer.toString(chunk));
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }
}
