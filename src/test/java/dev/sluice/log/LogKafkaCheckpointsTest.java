package dev.sluice.log;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A partition a broker left (no recovery point of sluice's) is trusted as Kafka trusts it: after the
 * broker's clean stop every sealed segment, else those before its checkpointed recovery point; the rest
 * are CRC-checked. Seen through a bit flipped inside a record of the oldest segment, which only a check
 * finds.
 */
class LogKafkaCheckpointsTest {
    @TempDir
    Path logDir;

    private Path partition;

    @BeforeEach
    void writeAPartitionAndDamageItsOldestSegment() throws IOException {
        partition = logDir.resolve("orders-3");
        try (Log log = Log.open(partition, LogConfig.builder().format(LogFormat.KAFKA).segmentBytes(16 * 1024)
                .maxBatchBytes(4096).durability(Durability.none()).build())) {
            for (int i = 0; i < 100; i++) {
                log.append(("record " + i + " " + "x".repeat(500)).getBytes());
            }
            assertThat(log.segments()).hasSizeGreaterThan(2);
        }
        Files.delete(partition.resolve(SegmentNames.RECOVERY_POINT));
        Files.delete(partition.resolve(SegmentNames.CLEAN_SHUTDOWN));
        try (RandomAccessFile f = new RandomAccessFile(partition.resolve(SegmentNames.log(0)).toFile(), "rw")) {
            f.seek(100); // inside the first batch's record, past its header
            int b = f.read();
            f.seek(100);
            f.write(b ^ 1);
        }
    }

    @Test
    void withoutTheBrokersFilesEverySegmentIsChecked() {
        assertThatThrownBy(() -> Log.openReadOnly(partition, LogConfig.defaults()).close())
                .isInstanceOf(CorruptLogException.class).hasMessageContaining("CRC");
    }

    @Test
    void afterTheBrokersCleanStopSealedSegmentsAreTrusted() throws IOException {
        Files.writeString(logDir.resolve(KafkaCheckpoints.CLEAN_SHUTDOWN), "{\"version\":0,\"brokerEpoch\":1}");
        try (Log log = Log.openReadOnly(partition, LogConfig.defaults())) {
            assertThat(log.endOffset()).isEqualTo(100);
        }
    }

    /** The active segment: after the broker's clean stop only what follows its last index entry is read. */
    @Test
    void afterTheBrokersCleanStopOnlyTheActiveSegmentsTailIsChecked() throws IOException {
        long activeBase;
        Files.writeString(logDir.resolve(KafkaCheckpoints.CLEAN_SHUTDOWN), "{\"version\":0,\"brokerEpoch\":1}");
        try (Log log = Log.openReadOnly(partition, LogConfig.defaults())) {
            activeBase = log.segments().getLast().baseOffset();
        }
        Path active = partition.resolve(SegmentNames.log(activeBase));
        try (RandomAccessFile f = new RandomAccessFile(active.toFile(), "rw")) {
            f.seek(100); // inside the active segment's first batch, long before its last index entry
            int b = f.read();
            f.seek(100);
            f.write(b ^ 1);
        }
        try (Log log = Log.openReadOnly(partition, LogConfig.defaults())) {
            assertThat(log.endOffset()).as("trusted: not read").isEqualTo(100);
            assertThat(log.ignoredTail()).isEmpty();
        }
        Files.delete(logDir.resolve(KafkaCheckpoints.CLEAN_SHUTDOWN));
        Files.writeString(logDir.resolve(KafkaCheckpoints.RECOVERY_POINTS), "0\n1\norders 3 99\n");
        try (Log log = Log.openReadOnly(partition, LogConfig.defaults())) {
            assertThat(log.endOffset()).as("checked: the flipped batch ends what is read").isEqualTo(activeBase);
            assertThat(log.ignoredTail()).isPresent();
        }
    }

    @Test
    void segmentsBeforeTheCheckpointedRecoveryPointAreTrusted() throws IOException {
        Files.writeString(logDir.resolve(KafkaCheckpoints.RECOVERY_POINTS), "0\n2\nother 3 0\norders 3 90\n");
        try (Log log = Log.openReadOnly(partition, LogConfig.defaults())) {
            assertThat(log.endOffset()).isEqualTo(100);
        }
        Files.writeString(logDir.resolve(KafkaCheckpoints.RECOVERY_POINTS), "0\n1\norders 3 5\n");
        assertThatThrownBy(() -> Log.openReadOnly(partition, LogConfig.defaults()).close())
                .isInstanceOf(CorruptLogException.class);
    }
}
