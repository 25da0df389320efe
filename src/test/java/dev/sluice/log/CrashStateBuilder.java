package dev.sluice.log;

import dev.sluice.sys.RecordingLibc.Ack;
import dev.sluice.sys.RecordingLibc.Create;
import dev.sluice.sys.RecordingLibc.Extend;
import dev.sluice.sys.RecordingLibc.Op;
import dev.sluice.sys.RecordingLibc.Rename;
import dev.sluice.sys.RecordingLibc.SyncDir;
import dev.sluice.sys.RecordingLibc.SyncFile;
import dev.sluice.sys.RecordingLibc.Truncate;
import dev.sluice.sys.RecordingLibc.Unlink;
import dev.sluice.sys.RecordingLibc.Write;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * What a power loss may leave of a log directory, after the operations a {@link dev.sluice.sys.RecordingLibc} recorded.
 * Fed the operations in order ({@link #apply}), it keeps, per file, the content made durable by the
 * file's last fsync/fdatasync and the writes since, and per directory the entries made durable by its
 * last fsync and the entry operations since. {@link #crashState} draws one state a crash at this point
 * may leave: the durable part, plus a random choice of what is not yet durable:
 * <ul>
 * <li>entry operations not yet synced (create, rename, unlink): none, all, a prefix, or any subset,
 *     applied in order (a rename whose source was dropped does nothing), so a file created but not
 *     dir-synced may vanish and a rename not dir-synced may be undone;</li>
 * <li>per file, writes (and truncations) not yet synced: none, all, a prefix, or any subset, in order,
 *     the last one kept possibly torn at a 512- or 4096-byte block boundary of the file.</li>
 * </ul>
 * The model is strict POSIX: an fsync of a file does not make its name durable, only an fsync of its
 * directory does.
 */
final class CrashStateBuilder {
    /** One crash state: file contents by name, and how they were drawn. */
    record CrashState(Map<String, byte[]> files, String description) {
        /** A digest of the content, to skip states already checked. */
        String key() {
            StringBuilder key = new StringBuilder();
            files.forEach((name, bytes) -> key.append(name).append(':').append(bytes.length).append(':')
                    .append(Arrays.hashCode(bytes)).append(';'));
            return key.toString();
        }
    }

    /** A growable byte array: a file's content. */
    static final class Content {
        private byte[] data;
        private int size;

        Content() {
            this(new byte[0], 0);
        }

        private Content(byte[] data, int size) {
            this.data = data;
            this.size = size;
        }

        Content copy() {
            return new Content(Arrays.copyOf(data, size), size);
        }

        void write(long offset, byte[] bytes, int length) {
            int end = Math.toIntExact(offset + length);
            grow(end);
            System.arraycopy(bytes, 0, data, (int) offset, length);
            size = Math.max(size, end);
        }

        void truncate(long newSize) {
            int n = Math.toIntExact(newSize);
            if (n < size) {
                Arrays.fill(data, n, size, (byte) 0);
            } else {
                grow(n);
            }
            size = n;
        }

        void extend(long end) {
            if (end > size) {
                truncate(end);
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(data, size);
        }

        private void grow(int capacity) {
            if (capacity > data.length) {
                data = Arrays.copyOf(data, Math.max(capacity, data.length * 2));
            }
        }
    }

    private enum Choice {
        NONE, ALL, PREFIX, SUBSET
    }

    private final String dir;
    private final Map<Integer, Content> durableData = new HashMap<>();
    private final Map<Integer, List<Op>> pendingData = new HashMap<>();
    private final Map<String, Integer> durableEntries = new HashMap<>();
    private final List<Op> pendingEntries = new ArrayList<>();
    private final Map<String, Integer> currentEntries = new HashMap<>();
    private long acked;

    /** A builder for the directory {@code dir} (the log's path as the log opened it). */
    CrashStateBuilder(String dir) {
        this.dir = dir;
    }

    /**
     * A builder for {@code dir} that already holds {@code files} (by name, with the inodes a
     * {@link dev.sluice.sys.RecordingLibc} adopted them as), all durable: what a crash left, before the log recovers it.
     */
    static CrashStateBuilder startingFrom(String dir, Map<String, Integer> inodes, Map<String, byte[]> files) {
        CrashStateBuilder builder = new CrashStateBuilder(dir);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            int inode = inodes.get(file.getKey());
            builder.durableEntries.put(file.getKey(), inode);
            builder.currentEntries.put(file.getKey(), inode);
            Content content = new Content();
            content.write(0, file.getValue(), file.getValue().length);
            builder.durableData.put(inode, content);
        }
        return builder;
    }

    /** Offsets below this were acknowledged durable by the operations applied so far. */
    long acked() {
        return acked;
    }

    /** The names in the directory if nothing were lost (everything applied so far). */
    Map<String, Integer> currentEntries() {
        return currentEntries;
    }

    /** Whether a crash now could lose anything: some write or entry operation is not yet durable. */
    boolean hasPending() {
        return !pendingEntries.isEmpty() || pendingData.values().stream().anyMatch(l -> !l.isEmpty());
    }

    void apply(Op op) {
        switch (op) {
            case Create c when c.dir().equals(dir) -> {
                currentEntries.put(c.name(), c.inode());
                pendingEntries.add(c);
            }
            case Rename r when r.dir().equals(dir) -> {
                Integer inode = currentEntries.remove(r.from());
                currentEntries.put(r.to(), inode);
                pendingEntries.add(r);
            }
            case Unlink u when u.dir().equals(dir) -> {
                currentEntries.remove(u.name());
                pendingEntries.add(u);
            }
            case SyncDir s when s.dir().equals(dir) -> {
                for (Op e : pendingEntries) {
                    applyEntry(durableEntries, e);
                }
                pendingEntries.clear();
            }
            case Write w -> pendingData.computeIfAbsent(w.inode(), k -> new ArrayList<>()).add(w);
            case Truncate t -> pendingData.computeIfAbsent(t.inode(), k -> new ArrayList<>()).add(t);
            case Extend e -> pendingData.computeIfAbsent(e.inode(), k -> new ArrayList<>()).add(e);
            case SyncFile s -> {
                Content content = durableData.computeIfAbsent(s.inode(), k -> new Content());
                for (Op d : pendingData.getOrDefault(s.inode(), List.of())) {
                    applyData(content, d, -1);
                }
                pendingData.remove(s.inode());
            }
            case Ack a -> acked = Math.max(acked, a.durableOffset());
            default -> {
                // operations on other directories
            }
        }
    }

    private static void applyEntry(Map<String, Integer> entries, Op op) {
        switch (op) {
            case Create c -> entries.put(c.name(), c.inode());
            case Rename r -> {
                Integer inode = entries.remove(r.from());
                if (inode != null) {
                    entries.put(r.to(), inode);
                }
            }
            case Unlink u -> entries.remove(u.name());
            default -> throw new IllegalArgumentException("not an entry operation: " + op);
        }
    }

    /** Applies a data operation; a write is cut to its first {@code tornLength} bytes if that is >= 0. */
    private static void applyData(Content content, Op op, int tornLength) {
        switch (op) {
            case Write w -> content.write(w.offset(), w.bytes(), tornLength >= 0 ? tornLength : w.bytes().length);
            case Truncate t -> content.truncate(t.size());
            case Extend e -> content.extend(e.end());
            default -> throw new IllegalArgumentException("not a data operation: " + op);
        }
    }

    /** One state a power loss now may leave, drawn with {@code random}. */
    CrashState crashState(Random random) {
        StringBuilder description = new StringBuilder();
        Map<String, Integer> entries = new HashMap<>(durableEntries);
        Choice entryChoice = pendingEntries.isEmpty() ? Choice.NONE : choose(random);
        boolean[] keptEntries = keep(random, entryChoice, pendingEntries.size());
        description.append("entry ops not dir-synced: ");
        for (int i = 0; i < pendingEntries.size(); i++) {
            description.append(keptEntries[i] ? "kept " : "DROPPED ").append(pendingEntries.get(i)).append(", ");
            if (keptEntries[i]) {
                applyEntry(entries, pendingEntries.get(i));
            }
        }
        if (pendingEntries.isEmpty()) {
            description.append("none, ");
        }
        Map<Integer, Content> contents = new HashMap<>();
        Map<String, byte[]> files = new TreeMap<>();
        for (Map.Entry<String, Integer> e : new TreeMap<>(entries).entrySet()) {
            int inode = e.getValue();
            Content content = contents.get(inode);
            if (content == null) {
                content = crashContent(random, inode, e.getKey(), description);
                contents.put(inode, content);
            }
            files.put(e.getKey(), content.bytes());
        }
        return new CrashState(files, description.toString());
    }

    private Content crashContent(Random random, int inode, String name, StringBuilder description) {
        Content durable = durableData.get(inode);
        Content content = durable == null ? new Content() : durable.copy();
        List<Op> pending = pendingData.getOrDefault(inode, List.of());
        if (pending.isEmpty()) {
            return content;
        }
        boolean[] kept = keep(random, choose(random), pending.size());
        int last = -1;
        for (int i = 0; i < kept.length; i++) {
            if (kept[i]) {
                last = i;
            }
        }
        int torn = -1;
        if (last >= 0 && pending.get(last) instanceof Write w && random.nextInt(3) == 0) {
            torn = tornLength(random, w);
        }
        description.append(name).append(" (inode ").append(inode).append("): durable ")
                .append(durable == null ? 0 : durable.size).append(" bytes, unsynced ops kept [");
        for (int i = 0; i < kept.length; i++) {
            if (kept[i]) {
                Op op = pending.get(i);
                applyData(content, op, i == last ? torn : -1);
                description.append(describe(op)).append(i == last && torn >= 0 ? " TORN after " + torn : "")
                        .append(' ');
            }
        }
        description.append("] of ").append(pending.size()).append("; ");
        return content;
    }

    /** A length that cuts {@code w} at a 512- or 4096-byte block boundary of the file, or -1 if none is inside it. */
    private static int tornLength(Random random, Write w) {
        long start = w.offset();
        long end = start + w.bytes().length;
        for (int block : random.nextBoolean() ? new int[] {4096, 512} : new int[] {512, 4096}) {
            long first = (start / block + 1) * block;
            if (first < end) {
                long boundaries = (end - 1 - first) / block + 1;
                long cut = first + block * (long) random.nextInt((int) boundaries);
                return (int) (cut - start);
            }
        }
        return -1;
    }

    static String describe(Op op) {
        return switch (op) {
            case Write w -> "write[" + w.offset() + "+" + w.bytes().length + ")";
            case Truncate t -> "truncate(" + t.size() + ")";
            case Extend e -> "extend(" + e.end() + ")";
            default -> op.toString();
        };
    }

    private static Choice choose(Random random) {
        return Choice.values()[random.nextInt(Choice.values().length)];
    }

    private static boolean[] keep(Random random, Choice choice, int n) {
        boolean[] kept = new boolean[n];
        switch (choice) {
            case NONE -> {
            }
            case ALL -> Arrays.fill(kept, true);
            case PREFIX -> Arrays.fill(kept, 0, random.nextInt(n + 1), true);
            case SUBSET -> {
                for (int i = 0; i < n; i++) {
                    kept[i] = random.nextBoolean();
                }
            }
        }
        return kept;
    }
}
