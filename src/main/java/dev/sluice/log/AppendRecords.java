package dev.sluice.log;

import java.lang.foreign.MemorySegment;
import java.util.List;

/** The records of one append, by index: payloads only (the common case, no allocation per record) or whole records. */
interface AppendRecords {
    int count();

    MemorySegment payload(int i);

    MemorySegment key(int i);

    List<RecordHeader> headers(int i);

    /** Whether any record has a key, headers or no payload: what only the Kafka format stores. */
    default boolean hasMoreThanPayloads() {
        for (int i = 0; i < count(); i++) {
            if (key(i) != null || !headers(i).isEmpty() || payload(i) == null) {
                return true;
            }
        }
        return false;
    }

    static AppendRecords payloads(List<MemorySegment> payloads) {
        return new AppendRecords() {
            @Override
            public int count() {
                return payloads.size();
            }

            @Override
            public MemorySegment payload(int i) {
                return payloads.get(i);
            }

            @Override
            public MemorySegment key(int i) {
                return null;
            }

            @Override
            public List<RecordHeader> headers(int i) {
                return List.of();
            }

            @Override
            public boolean hasMoreThanPayloads() {
                return false;
            }
        };
    }

    static AppendRecords records(List<NewRecord> records) {
        return new AppendRecords() {
            @Override
            public int count() {
                return records.size();
            }

            @Override
            public MemorySegment payload(int i) {
                byte[] p = records.get(i).payload();
                return p == null ? null : MemorySegment.ofArray(p);
            }

            @Override
            public MemorySegment key(int i) {
                byte[] k = records.get(i).key();
                return k == null ? null : MemorySegment.ofArray(k);
            }

            @Override
            public List<RecordHeader> headers(int i) {
                return records.get(i).headers();
            }
        };
    }
}
