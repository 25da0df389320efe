package dev.sluice.outside;

import dev.sluice.cache.PageCache;
import dev.sluice.log.CacheHint;
import dev.sluice.log.DataSize;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.log.LogReader;
import dev.sluice.log.LogVerifier;
import dev.sluice.log.ReadAhead;
import dev.sluice.log.ReaderConfig;
import dev.sluice.sys.ChannelFds;
import dev.sluice.sys.Fd;
import dev.sluice.sys.FdIO;
import dev.sluice.sys.MappedRegion;
import dev.sluice.sys.NativeDirectory;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;
import dev.sluice.sys.Pipe;
import dev.sluice.sys.SpliceFlag;
import dev.sluice.sys.ZeroCopy;
import dev.sluice.testing.MisuseChild;
import dev.sluice.transfer.FileTransfer;
import dev.sluice.transfer.TransferPath;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Child-process main for {@code MisuseTest}'s class-path cases: code in a package of its own, as an
 * application's would be, so it can reach nothing but sluice's public API. Each {@link Case} tries a
 * public type the way a careless caller would (a mapping after it is unmapped, a descriptor after its
 * channel is closed, a log after close, memory whose arena is gone) and reports it as
 * {@link MisuseChild} says.
 */
public final class CarelessCaller {
    private static final String IAE = IllegalArgumentException.class.getName();
    private static final String ISE = IllegalStateException.class.getName();
    private static final String CLOSED = "dev.sluice.sys.NativeError$ClosedDescriptor";
    private static final String EOF = java.io.EOFException.class.getName();
    private static final String NO_FILE_JDK = java.nio.file.NoSuchFileException.class.getName();
    private static final String NIOE = "dev.sluice.sys.NativeIOException";
    private static final String IOE = IOException.class.getName();
    private static final String OK = MisuseChild.OK;

    /** One careless use: the outcomes it may have, a fragment of the message, the code. */
    public enum Case {
        // The program, through the API: the nearest a caller gets to munmap is closing a region.
        UNMAPPED_REGION_SEGMENT_GET(List.of(ISE), "closed", dir -> {
            try (NativeFile f = file(dir, 1 << 20)) {
                MappedRegion r = MappedRegion.map(f, 0, 1 << 20, MappedRegion.Access.READ_ONLY,
                        MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.SHARED);
                MemorySegment s = r.segment();
                r.close();
                s.get(ValueLayout.JAVA_BYTE, 0);
            }
        }),
        UNMAPPED_REGION_AS_WRITE_SOURCE(List.of(ISE), "closed", dir -> {
            try (NativeFile f = file(dir, 8192); NativeFile out = NativeFile.open(dir.resolve("out"),
                    EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE))) {
                MappedRegion r = MappedRegion.map(f, 0, 8192, MappedRegion.Access.READ_ONLY,
                        MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.SHARED);
                MemorySegment s = r.segment();
                r.close();
                out.write(s, 0);
            }
        }),
        // A mapping outlives the file it was made from: it holds a descriptor of its own.
        REGION_AFTER_ITS_FILE_IS_CLOSED(List.of(OK), "", dir -> {
            MappedRegion r;
            try (NativeFile f = file(dir, 8192)) {
                r = MappedRegion.map(f, 0, 8192, MappedRegion.Access.READ_ONLY,
                        MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.SHARED);
            }
            try (r) {
                check(r.segment().get(ValueLayout.JAVA_BYTE, 4096) == 0x5A, "the mapping reads the file");
            }
        }),
        MAP_PAST_THE_END(List.of(IAE), "the file has", dir -> {
            try (NativeFile f = file(dir, 4096)) {
                MappedRegion.map(f, 0, 1 << 20, MappedRegion.Access.READ_WRITE,
                        MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.SHARED);
            }
        }),
        CHANNEL_FD_AFTER_THE_CHANNEL_IS_CLOSED(List.of(CLOSED), "closed", dir -> {
            Fd fd;
            try (FileChannel channel = FileChannel.open(dir.resolve("ch"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                fd = ChannelFds.of(channel);
            }
            try (Arena a = Arena.ofConfined()) {
                FdIO.write(fd, a.allocate(16));
            }
        }),
        FD_WRITE_FROM_A_HEAP_ARRAY(List.of(IAE), "heap", dir -> {
            try (NativeFile f = file(dir, 16)) {
                FdIO.write(f.fd(), MemorySegment.ofArray(new byte[4096]));
            }
        }),
        FD_WRITE_FROM_A_CLOSED_ARENA(List.of(ISE), "closed", dir -> {
            try (NativeFile f = file(dir, 16)) {
                FdIO.write(f.fd(), MisuseChild.closedArenaSegment(4096));
            }
        }),
        VMSPLICE_FROM_A_CLOSED_ARENA(List.of(ISE), "closed", dir -> {
            try (Pipe p = Pipe.open(true)) {
                ZeroCopy.vmsplice(p.writeEnd(), MisuseChild.closedArenaSegment(4096), Set.of(SpliceFlag.NONBLOCK));
            }
        }),
        SPLICE_FROM_A_CLOSED_FILE(List.of(CLOSED), "closed", dir -> {
            NativeFile f = file(dir, 4096);
            f.close();
            try (Pipe p = Pipe.open(false)) {
                ZeroCopy.splice(f.fd(), 0, p.writeEnd(), ZeroCopy.CURRENT_POSITION, 4096, Set.of());
            }
        }),
        DIRECTORY_OPEN_ESCAPING_NAME(List.of(IAE), "..", dir -> {
            try (NativeDirectory d = NativeDirectory.open(dir)) {
                d.openFile("../escape", EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE), NativeFile.DEFAULT_PERMISSIONS);
            }
        }),
        RESIDENCY_OF_A_NEGATIVE_RANGE(List.of(IAE), "bad range", dir -> {
            file(dir, 4096).close();
            PageCache.residency(dir.resolve("data"), -4096, 4096);
        }),
        RESIDENCY_BY_MINCORE_PAST_THE_END(List.of(OK, IAE), "", dir -> {
            try (NativeFile f = file(dir, 4096)) {
                PageCache.residencyByMincore(f, 0, Long.MAX_VALUE);
            }
        }),
        RESIDENCY_OF_A_CLOSED_FILE(List.of(CLOSED), "closed", dir -> {
            NativeFile f = file(dir, 4096);
            f.close();
            PageCache.residency(f, 0, 4096);
        }),
        WARM_A_MISSING_FILE(List.of(NO_FILE_JDK), "missing", dir -> PageCache.warm(dir.resolve("missing"), 0, 4096, null)),
        LOCK_PAST_THE_END(List.of(OK, IAE, NIOE), "", dir -> {
            file(dir, 4096).close();
            PageCache.lock(dir.resolve("data"), 0, Long.MAX_VALUE).close();
        }),
        TRANSFER_AFTER_CLOSE(List.of(ISE), "already closed", dir -> {
            try (NativeFile f = file(dir, 4096); NativeFile out = NativeFile.open(dir.resolve("out"),
                    EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE))) {
                FileTransfer t = FileTransfer.using(TransferPath.SPLICE);
                t.close();
                t.transfer(f, 0, 4096, out.fd());
            }
        }),
        TRANSFER_PAST_THE_END(List.of(EOF), "", dir -> {
            try (NativeFile f = file(dir, 4096); NativeFile out = NativeFile.open(dir.resolve("out"),
                    EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE)); FileTransfer t = FileTransfer.using(TransferPath.SENDFILE)) {
                t.transfer(f, 0, 1 << 20, out.fd());
            }
        }),
        LOG_APPEND_AFTER_CLOSE(List.of(ISE, CLOSED, IOE), "closed", dir -> {
            Log log = Log.open(dir.resolve("log"), LogConfig.defaults());
            log.close();
            log.append(new byte[10]);
        }),
        LOG_APPEND_FROM_A_CLOSED_ARENA(List.of(ISE), "closed", dir -> {
            try (Log log = Log.open(dir.resolve("log"), LogConfig.defaults())) {
                log.append(MisuseChild.closedArenaSegment(100));
            }
        }),
        LOG_APPEND_OVER_THE_BATCH_LIMIT(List.of(IAE), "", dir -> {
            LogConfig config = LogConfig.builder().maxBatchBytes(64 * 1024).build();
            try (Log log = Log.open(dir.resolve("log"), config)) {
                log.append(new byte[128 * 1024]);
            }
        }),
        // A reader with a mapping, polled after the log (and its segments' descriptors) are closed.
        MMAP_READER_AFTER_THE_LOG_IS_CLOSED(List.of(ISE, CLOSED, IOE, OK), "", dir -> {
            Log log = Log.open(dir.resolve("log"), LogConfig.defaults());
            for (int i = 0; i < 100; i++) {
                log.append(new byte[1000]);
            }
            LogReader reader = log.reader(0, new ReaderConfig(ReadAhead.mmapPopulate(), CacheHint.KEEP));
            check(reader.poll(10).size() == 10, "ten records before close");
            log.close();
            try (reader) {
                reader.poll(1000);
            }
        }),
        READER_TRANSFER_FROM_A_NEGATIVE_OFFSET(List.of(IAE), "", dir -> {
            try (Log log = Log.open(dir.resolve("log"), LogConfig.defaults());
                 NativeFile out = NativeFile.open(dir.resolve("out"), EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE))) {
                log.append(new byte[10]);
                try (LogReader reader = log.reader(0, ReaderConfig.defaults())) {
                    reader.transferTo(out.fd(), -1, DataSize.kib(4).bytes());
                }
            }
        }),
        VERIFY_A_FILE_THAT_IS_NOT_A_LOG(List.of(OK, IOE, NIOE, "java.nio.file.NotDirectoryException"), "", dir -> {
            Files.write(dir.resolve("not-a-log"), new byte[100]);
            LogVerifier.verify(dir.resolve("not-a-log"), LogConfig.defaults());
        });

        final MisuseChild.Misuse misuse;

        Case(List<String> expected, String messageFragment, MisuseChild.Action action) {
            this.misuse = new MisuseChild.Misuse(expected, messageFragment, action);
        }

        /** {@return what the case may end with, and the code} */
        public MisuseChild.Misuse misuse() {
            return misuse;
        }
    }

    private CarelessCaller() {
    }

    /** Runs the case named by {@code args[0]} in the current directory. */
    public static void main(String[] args) {
        Case c = Case.valueOf(args[0]);
        MisuseChild.runAndExit(c.misuse);
    }

    private static NativeFile file(Path dir, int size) throws IOException {
        Path path = dir.resolve("data");
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, (byte) 0x5A);
        Files.write(path, bytes);
        return NativeFile.open(path, EnumSet.of(OpenFlag.READ_WRITE));
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }
}
