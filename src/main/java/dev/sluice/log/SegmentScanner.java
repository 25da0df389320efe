package dev.sluice.log;

import dev.sluice.sys.NativeFile;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Walks the batches of a segment from a position, checking each header and, if asked, its CRC,
 * until the end of the file or the first invalid batch. Reads through one fixed buffer, so a
 * corrupt length never causes an allocation.
 */
final class SegmentScanner {
    /**
     * What a scan found: valid batches end at {@code validEnd}; {@code problem} says why the scan
     * stopped before {@code fileSize} (null if it reached it).
     */
    record Result(long validEnd, long nextOffset, long maxTimestamp, int batches, String problem) {
        boolean clean() {
            return problem == null;
        }
    }

    /** Told of each valid batch a scan passes; a problem it returns ends the scan there, as an invalid batch would. */
    interface Batches {
        String onBatch(BatchHeader h, MemorySegment header);
    }

    private SegmentScanner() {
    }

    /**
     * @param fromOffset the base offset of the batch at {@code fromPosition}, or -1 if not known
     * @param indexes filled with the batches found (may be null)
     * @param verifyCrc whether to check every batch's CRC (headers are always checked)
     */
    static Result scan(NativeFile file, BatchFormat format, long fromPosition, long fromOffset, long fileSize,
                       int maxBatchBytes, Batches indexes, boolean verifyCrc) throws IOException {
        int headerBytes = format.headerBytes();
        try (Arena arena = Arena.ofConfined()) {
            int bufferBytes = Math.max(maxBatchBytes, 1 << 20);
            MemorySegment buffer = arena.allocate(bufferBytes, 4096);
            long bufferStart = 0;
            long bufferEnd = 0;
            long position = fromPosition;
            long nextOffset = fromOffset;
            long maxTimestamp = 0;
            int batches = 0;
            while (position < fileSize) {
                if (fileSize - position < headerBytes) {
                    return new Result(position, nextOffset, maxTimestamp, batches, "truncated header");
                }
                if (position < bufferStart || position + headerBytes > bufferEnd) {
                    bufferStart = position;
                    bufferEnd = position + fill(file, buffer, position, fileSize);
                    fileSize = Math.min(fileSize, shrunkTo(buffer, bufferStart, bufferEnd, fileSize));
                    if (fileSize - position < headerBytes) {
                        return new Result(position, nextOffset, maxTimestamp, batches, "truncated header");
                    }
                }
                MemorySegment headerBytesAt = buffer.asSlice(position - bufferStart, headerBytes);
                BatchHeader header = format.header(headerBytesAt, position);
                String problem = format.headerProblem(headerBytesAt, nextOffset, fileSize - position, maxBatchBytes);
                if (problem != null && position == 0 && format.format() == LogFormat.SLUICE) {
                    refuseForeign(file, buffer.asSlice(0, bufferEnd - bufferStart));
                }
                if (problem != null) {
                    return new Result(position, nextOffset, maxTimestamp, batches, problem);
                }
                if (position + header.size() > bufferEnd) {
                    bufferStart = position;
                    bufferEnd = position + fill(file, buffer, position, fileSize);
                    fileSize = Math.min(fileSize, shrunkTo(buffer, bufferStart, bufferEnd, fileSize));
                    if (position + header.size() > fileSize) {
                        return new Result(position, nextOffset, maxTimestamp, batches, "truncated batch");
                    }
                }
                if (verifyCrc) {
                    problem = format.bodyProblem(buffer.asSlice(position - bufferStart, header.size()));
                    if (problem != null) {
                        return new Result(position, nextOffset, maxTimestamp, batches, problem);
                    }
                }
                if (indexes != null) {
                    problem = indexes.onBatch(header, buffer.asSlice(position - bufferStart, headerBytes));
                    if (problem != null) {
                        return new Result(position, nextOffset, maxTimestamp, batches, problem);
                    }
                }
                nextOffset = header.nextOffset();
                maxTimestamp = Math.max(maxTimestamp, header.maxTimestamp());
                position = header.end();
                batches++;
            }
            return new Result(position, nextOffset, maxTimestamp, batches, null);
        }
    }

    /** A segment that starts in another log format is not a damaged sluice segment: nothing may cut it. */
    private static void refuseForeign(NativeFile file, MemorySegment head) throws IOException {
        String format = ForeignSegment.recognise(head);
        if (format != null) {
            throw new IOException(file.path() + " is not a sluice log segment: " + format);
        }
    }

    /**
     * Reads up to a buffer's worth, or to {@code fileSize}; fewer bytes where the file ends sooner:
     * a follower scans a segment that its writer may trim meanwhile (at seal or close, down to its end).
     */
    private static long fill(NativeFile file, MemorySegment buffer, long position, long fileSize) throws IOException {
        long want = Math.min(buffer.byteSize(), fileSize - position);
        long done = 0;
        while (done < want) {
            long n = file.read(buffer.asSlice(done, want - done), position + done);
            if (n == 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    /** Where the file now ends, if a fill stopped short of the size the scan started with. */
    private static long shrunkTo(MemorySegment buffer, long bufferStart, long bufferEnd, long fileSize) {
        long wanted = Math.min(bufferStart + buffer.byteSize(), fileSize);
        return bufferEnd < wanted ? bufferEnd : fileSize;
    }
}
