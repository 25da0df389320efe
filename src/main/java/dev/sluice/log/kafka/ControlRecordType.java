package dev.sluice.log.kafka;

import dev.sluice.log.LogRecord;

import java.nio.ByteBuffer;

/**
 * The type in the key of a control record (a record of a control batch): int16 version, int16 type.
 * A consumer never sees these records; transaction markers end a transaction, the others belong to
 * KRaft's metadata log.
 */
public enum ControlRecordType {
    /** Ends an aborted transaction. */
    ABORT,
    /** Ends a committed transaction. */
    COMMIT,
    /** A KRaft leader change. */
    LEADER_CHANGE,
    /** The header of a KRaft snapshot. */
    SNAPSHOT_HEADER,
    /** The footer of a KRaft snapshot. */
    SNAPSHOT_FOOTER,
    /** KRaft's kraft.version. */
    KRAFT_VERSION,
    /** KRaft's voter set. */
    KRAFT_VOTERS,
    /** A type this version of sluice does not know (newer Kafka), or a key too short to hold one. */
    UNKNOWN;

    /**
     * The type a control record's key names.
     *
     * @param record a record of a control batch
     * @return its type; {@link #UNKNOWN} when the key is missing, shorter than 4 bytes or names a type not listed
     */
    public static ControlRecordType of(LogRecord record) {
        byte[] key = record.key();
        if (key == null || key.length < 4) {
            return UNKNOWN;
        }
        int type = ByteBuffer.wrap(key).getShort(2);
        ControlRecordType[] known = values();
        return type >= 0 && type < known.length - 1 ? known[type] : UNKNOWN;
    }
}
