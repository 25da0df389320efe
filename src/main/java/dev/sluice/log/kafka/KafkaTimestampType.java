package dev.sluice.log.kafka;

/** What a batch's timestamps mean: attribute bit 3. */
public enum KafkaTimestampType {
    /** Each record carries the time its producer created it (bit 3 clear). */
    CREATE_TIME,
    /**
     * The broker stamped the batch when it appended it (bit 3 set): every record's timestamp is the
     * batch's max timestamp, whatever its delta says.
     */
    LOG_APPEND_TIME
}
