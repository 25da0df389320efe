package dev.sluice.log.kafka;

import dev.sluice.log.LogRecord;
import dev.sluice.log.RecordHeader;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** A segment file as kafka-clients' own {@code FileRecords} reads it: the oracle of the Kafka-format tests. */
public final class KafkaClientsRecords {
    private KafkaClientsRecords() {
    }

    /**
     * The records of a file of Kafka batches, as a consumer sees them (control batches skipped), after
     * kafka-clients checked every batch ({@code ensureValid}) and that the file holds whole batches only.
     *
     * @param eachBatch more checks of each batch, in order
     */
    public static List<LogRecord> read(Path segment, Consumer<RecordBatch> eachBatch) throws IOException {
        List<LogRecord> read = new ArrayList<>();
        try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
            long bytes = 0;
            for (RecordBatch batch : records.batches()) {
                batch.ensureValid();
                eachBatch.accept(batch);
                bytes += batch.sizeInBytes();
                if (batch.isControlBatch()) {
                    continue;
                }
                for (Record r : batch) {
                    read.add(fromKafka(r));
                }
            }
            assertThat(bytes).as("%s: whole batches, nothing after them", segment.getFileName())
                    .isEqualTo(records.sizeInBytes());
        }
        return read;
    }

    /** A kafka-clients record as sluice's. */
    public static LogRecord fromKafka(Record r) {
        List<RecordHeader> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            headers.add(new RecordHeader(h.key(), h.value()));
        }
        return new LogRecord(r.offset(), r.timestamp(), r.hasKey() ? bytes(r.key()) : null,
                r.hasValue() ? bytes(r.value()) : null, headers);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
