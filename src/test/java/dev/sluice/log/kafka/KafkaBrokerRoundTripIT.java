package dev.sluice.log.kafka;

import dev.sluice.log.Durability;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.log.LogFormat;
import dev.sluice.log.LogReader;
import dev.sluice.log.NewRecord;
import dev.sluice.log.ReaderConfig;
import dev.sluice.log.LogRecord;
import dev.sluice.log.RecordHeader;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.internals.Exit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.sluice.log.kafka.KafkaTesting.assertSameRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The Kafka format against a real broker (Kafka 4.4, one KRaft node in this JVM on 127.0.0.1), both ways:
 * <ol>
 * <li>a {@link KafkaProducer} produces (uncompressed, with each of Kafka's four codecs, and in transactions
 *     committed and aborted), the broker shuts down cleanly, and sluice reads the partition directories it
 *     wrote;</li>
 * <li>sluice writes a partition directory (segments, {@code .index}, {@code .timeindex}) in place of a
 *     topic's, the broker loads it, after a clean shutdown and again after an unclean one (recovery), and
 *     a {@link KafkaConsumer} with CRC checks on receives every record.</li>
 * </ol>
 * {@link #readPartition} is {@code Log.openReadOnly}; {@link #writePartition} a {@code LogFormat.KAFKA} log,
 * whose own files (writer.lock, recovery-point, clean-shutdown) the broker leaves alone.
 */
class KafkaBrokerRoundTripIT {
    static {
        // the broker logs at INFO through slf4j-simple: thousands of lines per start; keep its warnings
        for (String logger : List.of("kafka", "org.apache.kafka", "state.change.logger")) {
            System.setProperty("org.slf4j.simpleLogger.log." + logger, "warn");
        }
    }

    /** Kafka's smallest {@code segment.bytes}: a few MiB per topic make segments roll. */
    private static final int TOPIC_SEGMENT_BYTES = 1024 * 1024;
    /** The segment size sluice rolls at when it writes a partition: several segments for a few MiB. */
    private static final int SLUICE_SEGMENT_BYTES = 256 * 1024;
    private static final int SLUICE_BATCH_RECORDS = 20;
    /** The codecs a producer compresses with, one topic each. */
    private static final List<KafkaCompression> COMPRESSED = List.of(KafkaCompression.GZIP, KafkaCompression.SNAPPY,
            KafkaCompression.LZ4, KafkaCompression.ZSTD);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    private static final String PARTITION_METADATA = "partition.metadata";
    private static final String CLEAN_SHUTDOWN_MARKER = ".kafka_cleanshutdown";
    /** The log dir's checkpoints, one line per partition: none of them is needed to load a partition. */
    private static final List<String> LOG_DIR_CHECKPOINTS = List.of("recovery-point-offset-checkpoint",
            "log-start-offset-checkpoint", "replication-offset-checkpoint", "cleaner-offset-checkpoint");

    @BeforeAll
    static void kafkaMayNotEndTheTestJvm() {
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("the broker called Exit.exit(" + code + "): " + message);
        });
        Exit.setHaltProcedure((code, message) -> {
            throw new IllegalStateException("the broker called Exit.halt(" + code + "): " + message);
        });
    }

    @AfterAll
    static void restoreExit() {
        Exit.resetExitProcedure();
        Exit.resetHaltProcedure();
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void sluiceReadsWhatTheBrokerWrote(@TempDir Path dir) throws Exception {
        long start = System.nanoTime();
        Random random = new Random(13);
        List<LogRecord> plain;
        Map<KafkaCompression, List<LogRecord>> compressed = new LinkedHashMap<>();
        Transactions txn;
        List<LogRecord> uncommitted;
        List<LogRecord> committed;
        Path plainDir;
        Map<KafkaCompression, Path> compressedDirs = new LinkedHashMap<>();
        Path txnDir;
        try (OneNodeKafka kafka = OneNodeKafka.format(dir.resolve("kafka-logs"), Map.of())) {
            kafka.start();
            List<String> topics = new ArrayList<>(List.of("plain", "txn"));
            COMPRESSED.forEach(c -> topics.add(c.kafkaName()));
            createTopics(kafka, topics.toArray(String[]::new));
            plain = produce(kafka, "plain", "none", records(random, 2_500, 1_000));
            for (KafkaCompression c : COMPRESSED) {
                compressed.put(c, produce(kafka, c.kafkaName(), c.kafkaName(), records(random, 6_000, 1_000)));
            }
            txn = produceTransactions(kafka, "txn", random);
            uncommitted = consume(kafka, "txn", "read_uncommitted", txn.data().size());
            committed = consume(kafka, "txn", "read_committed", txn.committed().size());
            kafka.stop();
            plainDir = kafka.partitionDir("plain", 0);
            COMPRESSED.forEach(c -> compressedDirs.put(c, kafka.partitionDir(c.kafkaName(), 0)));
            txnDir = kafka.partitionDir("txn", 0);
        }
        System.out.println("broker -> sluice: the broker wrote " + listing(plainDir) + " for 'plain'");
        keepTheBrokersLogDir(dir.resolve("kafka-logs"));

        assertThat(segments(plainDir)).as("segments of 'plain'").hasSizeGreaterThan(1);
        assertSameRecords(readPartition(plainDir), plain);

        int segmentCount = segments(plainDir).size() + segments(txnDir).size();
        for (KafkaCompression c : COMPRESSED) {
            Path partition = compressedDirs.get(c);
            List<LogRecord> produced = compressed.get(c);
            List<KafkaBatchHeader> batches = batches(partition);
            assertThat(segments(partition)).as("segments of '%s'", c.kafkaName()).hasSizeGreaterThan(1);
            assertThat(batches).as("batches of '%s'", c.kafkaName())
                    .allSatisfy(b -> assertThat(b.compression()).isEqualTo(c));
            assertContiguous(batches, produced.size());
            assertThat(batches.size()).as("%s batches hold many records each", c).isLessThan(produced.size() / 5);
            assertSameRecords(readPartition(partition), produced);
            segmentCount += segments(partition).size();
        }

        // Transactions: control batches (the markers) are skipped as a consumer skips them; the records of
        // the aborted transaction are read, as a read_uncommitted consumer reads them.
        assertSameRecords(readPartition(txnDir), uncommitted);
        assertSameRecords(uncommitted, txn.data());
        assertSameRecords(committed, txn.committed());
        List<KafkaBatchHeader> txnBatches = batches(txnDir);
        assertContiguous(txnBatches, txn.data().size() + txn.markers().size());
        assertThat(txnBatches).allSatisfy(b -> assertThat(b.isTransactional()).isTrue());
        assertThat(controlMarkers(txnDir)).isEqualTo(txn.markers());

        int compressedCount = compressed.values().stream().mapToInt(List::size).sum();
        System.out.printf("broker -> sluice: %d records produced (%d plain, %d compressed with %s, %d in transactions of "
                        + "which %d aborted) and read back from %d segments in %.1f s%n",
                plain.size() + compressedCount + txn.data().size(), plain.size(), compressedCount, COMPRESSED,
                txn.data().size(), txn.data().size() - txn.committed().size(), segmentCount,
                (System.nanoTime() - start) / 1e9);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void theBrokerServesWhatSluiceWrote(@TempDir Path dir) throws Exception {
        long start = System.nanoTime();
        String topic = "from-sluice";
        String withoutTopicId = "from-sluice-without-topic-id";
        long now = System.currentTimeMillis();
        List<LogRecord> records = new ArrayList<>();
        Random random = new Random(42);
        for (ProducerRecord<byte[], byte[]> r : records(random, 3_000, 600)) {
            // timestamps near now (older ones would meet the 7-day retention), a little out of order
            records.add(new LogRecord(records.size(), now - 600_000 + records.size() + random.nextInt(50) - 25, r.key(),
                    r.value(), headers(r.headers())));
        }
        try (OneNodeKafka kafka = OneNodeKafka.format(dir.resolve("kafka-logs"), Map.of())) {
            kafka.start();
            Uuid topicId = createTopics(kafka, topic, withoutTopicId).get(topic);
            kafka.stop();
            Path partition = kafka.partitionDir(topic, 0);
            System.out.println("sluice -> broker: an empty partition as the broker left it: " + listing(partition));
            System.out.println("sluice -> broker: its log dir: " + listing(kafka.logDir()));
            assertThat(Files.readString(partition.resolve(PARTITION_METADATA))).contains(topicId.toString());

            // Keep partition.metadata (the topic id); everything else in the directory is sluice's.
            records = replaceWithSluiceFiles(partition, records, true);
            Map<String, byte[]> written = sluiceFiles(partition);
            assertThat(segments(partition)).as("sluice's segments").hasSizeGreaterThan(2);
            assertSameRecords(readPartition(partition), records);
            // Without partition.metadata the broker cannot tell the directory is the topic's: a stray log.
            Path noTopicId = kafka.partitionDir(withoutTopicId, 0);
            replaceWithSluiceFiles(noTopicId, records, false);
            Map<String, byte[]> writtenWithoutTopicId = sluiceFiles(noTopicId);

            kafka.start();
            assertSameRecords(consume(kafka, topic, "read_uncommitted", records.size()), records);
            assertSeeksByOffsetAndTime(kafka, topic, records);
            assertThat(endOffset(kafka, withoutTopicId)).as("end offset of the partition without partition.metadata")
                    .isZero();
            kafka.stop();
            assertUnchanged(partition, written, "after a clean shutdown and restart");
            System.out.println("sluice -> broker: after the broker served it: " + listing(partition));
            Path stray = strayDir(kafka.logDir(), withoutTopicId + "-0");
            // (only the segments: the broker leaves a stray log's active .index at its preallocated size)
            for (Map.Entry<String, byte[]> f : writtenWithoutTopicId.entrySet()) {
                if (f.getKey().endsWith(KafkaFiles.LOG_SUFFIX)) {
                    assertThat(stray.resolve(f.getKey())).as("stray %s", f.getKey()).hasBinaryContent(f.getValue());
                }
            }
            System.out.println("sluice -> broker: without partition.metadata the broker moved sluice's files to "
                    + stray.getFileName() + " and made a new empty partition: " + listing(noTopicId));
            System.out.printf("sluice -> broker: %d records written by sluice in %d segments, consumed from the broker "
                    + "(clean load) in %.1f s%n", records.size(), written.size() / 3, (System.nanoTime() - start) / 1e9);

            // Unclean: without the marker the broker recovers every segment past the recovery point, and
            // without the checkpoints that is all of them: it re-reads and checks every batch. What is left in
            // the log dir is meta.properties, the metadata log and the partition directories. The indexes are
            // deleted too, so the broker rebuilds them: they must come out byte for byte as sluice wrote them.
            long recoveryStart = System.nanoTime();
            Files.delete(kafka.logDir().resolve(CLEAN_SHUTDOWN_MARKER));
            for (String checkpoint : LOG_DIR_CHECKPOINTS) {
                Files.delete(kafka.logDir().resolve(checkpoint));
            }
            for (String name : written.keySet()) {
                if (!name.endsWith(KafkaFiles.LOG_SUFFIX)) {
                    Files.delete(partition.resolve(name));
                }
            }
            System.out.println("sluice -> broker: the log dir before the unclean start: " + listing(kafka.logDir()));
            kafka.start();
            assertSameRecords(consume(kafka, topic, "read_uncommitted", records.size()), records);
            kafka.stop();
            assertUnchanged(partition, written, "after the broker's recovery, its indexes rebuilt");
            System.out.printf("sluice -> broker: recovered by the broker (no clean shutdown marker, no checkpoints, no indexes) "
                    + "and consumed again in %.1f s; %.1f s in all%n", (System.nanoTime() - recoveryStart) / 1e9,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * With {@code -Dsluice.it.keepBrokerLogDir=DIR}, copies the broker's whole log directory there (which
     * must not exist) after its clean stop: partitions a real broker wrote, for trying the command line on
     * (README, "For Kafka operators").
     */
    private static void keepTheBrokersLogDir(Path logDir) throws IOException {
        String keep = System.getProperty("sluice.it.keepBrokerLogDir");
        if (keep == null || keep.isEmpty()) {
            return;
        }
        Path target = Path.of(keep);
        try (Stream<Path> files = Files.walk(logDir)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(logDir.relativize(f).toString()));
            }
        }
        System.out.println("broker -> sluice: the broker's log dir copied to " + target);
    }

    /** Deletes what the broker left in the partition directory (but partition.metadata, if kept) and writes the records there. */
    private static List<LogRecord> replaceWithSluiceFiles(Path partitionDir, List<LogRecord> records,
                                                          boolean keepPartitionMetadata) throws IOException {
        try (Stream<Path> files = Files.list(partitionDir)) {
            for (Path f : files.toList()) {
                if (!keepPartitionMetadata || !f.getFileName().toString().equals(PARTITION_METADATA)) {
                    Files.delete(f);
                }
            }
        }
        return writePartition(partitionDir, records);
    }

    /** The directory a broker renamed a stray log to: {@code <topic>-<partition>.<uuid>-stray}. */
    private static Path strayDir(Path logDir, String partitionDirName) throws IOException {
        try (Stream<Path> files = Files.list(logDir)) {
            List<Path> strays = files.filter(f -> f.getFileName().toString().startsWith(partitionDirName + ".")
                    && f.getFileName().toString().endsWith("-stray")).toList();
            assertThat(strays).as("stray logs of %s in %s", partitionDirName, listing(logDir)).hasSize(1);
            return strays.getFirst();
        }
    }

    // ---- the two helpers the Log API replaces ----

    /**
     * Every record of a Kafka partition directory in offset order, across its segments; control batches
     * are skipped as a consumer skips them, records of aborted transactions are kept.
     */
    static List<LogRecord> readPartition(Path partitionDir) throws IOException {
        List<LogRecord> records = new ArrayList<>();
        try (Log log = Log.openReadOnly(partitionDir, LogConfig.defaults());
             LogReader reader = log.reader(log.startOffset(), ReaderConfig.defaults())) {
            assertThat(log.config().format()).isEqualTo(LogFormat.KAFKA);
            List<LogRecord> got;
            while (!(got = reader.poll(500)).isEmpty()) {
                records.addAll(got);
            }
            assertThat(reader.nextOffset()).isEqualTo(log.endOffset());
        }
        return records;
    }

    /**
     * Writes the records' keys, values and headers through a {@link LogFormat#KAFKA} log: batches of
     * {@value #SLUICE_BATCH_RECORDS} records, segments of at most {@value #SLUICE_SEGMENT_BYTES} bytes.
     *
     * @return the records as the log stored them: offsets from 0, timestamps the appends'
     */
    static List<LogRecord> writePartition(Path partitionDir, List<LogRecord> records) throws IOException {
        LogConfig config = LogConfig.builder().format(LogFormat.KAFKA).segmentBytes(SLUICE_SEGMENT_BYTES).maxBatchBytes(64 * 1024)
                .indexIntervalBytes(KafkaSegmentIndexer.DEFAULT_INDEX_INTERVAL_BYTES).durability(Durability.none()).build();
        try (Log log = Log.open(partitionDir, config)) {
            for (int i = 0; i < records.size(); i += SLUICE_BATCH_RECORDS) {
                List<NewRecord> batch = records.subList(i, Math.min(records.size(), i + SLUICE_BATCH_RECORDS)).stream()
                        .map(r -> new NewRecord(r.key(), r.payload(), r.headers())).toList();
                log.appendRecords(batch);
            }
            log.flush();
        }
        List<LogRecord> stored = readPartition(partitionDir);
        assertThat(stored).hasSameSizeAs(records);
        for (int i = 0; i < records.size(); i++) {
            LogRecord r = records.get(i);
            assertThat(stored.get(i)).isEqualTo(new LogRecord(i, stored.get(i).timestamp(), r.key(), r.payload(), r.headers()));
        }
        return stored;
    }

    // ---- reading batches ----

    /** The segments of a partition directory by base offset. */
    static TreeMap<Long, Path> segments(Path partitionDir) throws IOException {
        TreeMap<Long, Path> segments = new TreeMap<>();
        try (Stream<Path> files = Files.list(partitionDir)) {
            for (Path f : files.toList()) {
                OptionalLong base = KafkaFiles.parse(f.getFileName().toString(), KafkaFiles.LOG_SUFFIX);
                if (base.isPresent()) {
                    segments.put(base.getAsLong(), f);
                }
            }
        }
        return segments;
    }

    /** The header of every batch in the directory's segments, each checked whole (header, CRC-32C, framing). */
    static List<KafkaBatchHeader> batches(Path partitionDir) throws IOException {
        List<KafkaBatchHeader> headers = new ArrayList<>();
        for (Map.Entry<Long, Path> segment : segments(partitionDir).entrySet()) {
            MemorySegment bytes = MemorySegment.ofArray(Files.readAllBytes(segment.getValue()));
            for (long at = 0; at < bytes.byteSize(); ) {
                KafkaBatchHeader h = KafkaBatchHeader.read(nextBatch(bytes, at, segment.getValue()));
                assertThat(h.baseOffset()).as("a batch of segment %d", segment.getKey()).isGreaterThanOrEqualTo(segment.getKey());
                headers.add(h);
                at += h.sizeInBytes();
            }
        }
        return headers;
    }

    /** The batch at {@code at}, checked: its header, CRC-32C and (uncompressed) record framing. */
    private static MemorySegment nextBatch(MemorySegment segmentBytes, long at, Path segment) {
        long left = segmentBytes.byteSize() - at;
        if (left < KafkaBatchHeader.HEADER_BYTES) {
            fail(segment + ": " + left + " bytes at position " + at + " are less than a batch header");
        }
        KafkaBatchHeader h = KafkaBatchHeader.read(segmentBytes.asSlice(at));
        String problem = KafkaBatchDecoder.headerProblem(h, left, KafkaBatchDecoder.DEFAULT_MAX_BATCH_BYTES);
        MemorySegment batch = problem == null ? segmentBytes.asSlice(at, h.sizeInBytes()) : null;
        if (problem == null) {
            problem = KafkaBatchDecoder.bodyProblem(batch);
        }
        if (problem != null) {
            fail(segment + ": the batch at position " + at + ": " + problem);
        }
        return batch;
    }

    /** The batches cover offsets 0 to {@code offsets - 1} without a gap, their record counts adding up. */
    private static void assertContiguous(List<KafkaBatchHeader> batches, int offsets) {
        long next = 0;
        long count = 0;
        for (KafkaBatchHeader b : batches) {
            assertThat(b.baseOffset()).as("base offset of the batch after offset %d", next - 1).isEqualTo(next);
            assertThat(b.recordCount()).as("records of the batch at %d", b.baseOffset()).isEqualTo(b.lastOffsetDelta() + 1);
            count += b.recordCount();
            next = b.nextOffset();
        }
        assertThat(next).as("offsets").isEqualTo(offsets);
        assertThat(count).as("records").isEqualTo(offsets);
    }

    /** The transaction markers of the directory by offset. */
    private static Map<Long, ControlRecordType> controlMarkers(Path partitionDir) throws Exception {
        Map<Long, ControlRecordType> markers = new LinkedHashMap<>();
        for (Path segment : segments(partitionDir).values()) {
            MemorySegment bytes = MemorySegment.ofArray(Files.readAllBytes(segment));
            for (long at = 0; at < bytes.byteSize(); ) {
                MemorySegment batch = nextBatch(bytes, at, segment);
                if (KafkaBatchHeader.read(batch).isControl()) {
                    for (LogRecord r : KafkaBatchDecoder.records(batch)) {
                        markers.put(r.offset(), ControlRecordType.of(r));
                    }
                }
                at += batch.byteSize();
            }
        }
        return markers;
    }

    // ---- the broker's side ----

    private static Map<String, Uuid> createTopics(OneNodeKafka kafka, String... topics) throws Exception {
        try (Admin admin = kafka.admin()) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String t : topics) {
                newTopics.add(new NewTopic(t, 1, (short) 1).configs(Map.of("segment.bytes", Integer.toString(TOPIC_SEGMENT_BYTES))));
            }
            admin.createTopics(newTopics).all().get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Uuid> ids = new HashMap<>();
            admin.describeTopics(List.of(topics)).allTopicNames().get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((name, description) -> ids.put(name, description.topicId()));
            return ids;
        }
    }

    /** Records without offsets yet: keys (some null), values (some null), headers, timestamps near now. */
    private static List<ProducerRecord<byte[], byte[]>> records(Random random, int count, int valueBytes) {
        long now = System.currentTimeMillis() - 60_000;
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] key = i % 17 == 0 ? null : ("key-" + i).getBytes(StandardCharsets.UTF_8);
            byte[] value = null;
            if (i % 101 != 0) {
                value = new byte[random.nextInt(valueBytes + 1)];
                random.nextBytes(value);
                for (int j = value.length / 2; j < value.length; j++) {
                    value[j] = (byte) ('a' + j % 7); // half of it compresses
                }
            }
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("", null, now + i + random.nextInt(20), key, value);
            if (i % 3 == 0) {
                r.headers().add("trace-id", ("t" + i).getBytes(StandardCharsets.UTF_8));
            }
            if (i % 7 == 0) {
                r.headers().add("ключ", null);
                r.headers().add("trace-id", new byte[0]);
            }
            records.add(r);
        }
        return records;
    }

    private static Map<String, Object> producerConfig(OneNodeKafka kafka, String compression) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, 32 * 1024);
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        return c;
    }

    /** Produces the records to partition 0 of {@code topic}; returns them as the broker stored them. */
    private static List<LogRecord> produce(OneNodeKafka kafka, String topic, String compression,
                                           List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(kafka, compression))) {
            List<LogRecord> stored = send(producer, topic, records);
            producer.close(CLIENT_TIMEOUT); // a bounded close; the one at the end of the block has nothing left to do
            return stored;
        }
    }

    private static List<LogRecord> send(KafkaProducer<byte[], byte[]> producer, String topic,
                                        List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : records) {
            ProducerRecord<byte[], byte[]> toTopic = new ProducerRecord<>(topic, 0, r.timestamp(), r.key(), r.value(), r.headers());
            sent.add(toTopic);
            acks.add(producer.send(toTopic));
        }
        producer.flush();
        List<LogRecord> stored = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            RecordMetadata md = acks.get(i).get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            ProducerRecord<byte[], byte[]> r = sent.get(i);
            stored.add(new LogRecord(md.offset(), r.timestamp(), r.key(), r.value(), headers(r.headers())));
        }
        return stored;
    }

    /** What a transactional producer left in a partition: its records and the markers that ended its transactions. */
    private record Transactions(List<LogRecord> data, List<LogRecord> committed, Map<Long, ControlRecordType> markers) {
    }

    /** Three transactions, committed, aborted, committed, each followed by its marker. */
    private static Transactions produceTransactions(OneNodeKafka kafka, String topic, Random random) throws Exception {
        Map<String, Object> c = producerConfig(kafka, "none");
        c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sluice-round-trip");
        c.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        List<LogRecord> data = new ArrayList<>();
        List<LogRecord> committed = new ArrayList<>();
        Map<Long, ControlRecordType> markers = new LinkedHashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(c)) {
            producer.initTransactions();
            for (boolean commit : new boolean[] {true, false, true}) {
                producer.beginTransaction();
                List<LogRecord> stored = send(producer, topic, records(random, 150, 300));
                if (commit) {
                    producer.commitTransaction();
                    committed.addAll(stored);
                } else {
                    producer.abortTransaction();
                }
                data.addAll(stored);
                markers.put(stored.getLast().offset() + 1, commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT);
            }
            producer.close(CLIENT_TIMEOUT);
        }
        return new Transactions(data, committed, markers);
    }

    /** Reads partition 0 of {@code topic} from the start with CRC checks on until {@code expected} records came. */
    private static List<LogRecord> consume(OneNodeKafka kafka, String topic, String isolation, int expected) {
        long started = System.nanoTime();
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.CHECK_CRCS_CONFIG, true);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        List<LogRecord> records = new ArrayList<>();
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    records.add(new LogRecord(r.offset(), r.timestamp(), r.key(), r.value(), headers(r.headers())));
                }
            }
            // nothing more than expected: one more short poll
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                records.add(new LogRecord(r.offset(), r.timestamp(), r.key(), r.value(), headers(r.headers())));
            }
        }
        System.out.printf("kafka: consumed %d records from %s (%s) in %.1f s%n", records.size(), topic, isolation,
                (System.nanoTime() - started) / 1e9);
        assertThat(records).as("records consumed from %s (%s)", topic, isolation).hasSize(expected);
        return records;
    }

    /**
     * The broker finds records through sluice's indexes: a fetch from an offset in the middle of a segment
     * starts at its {@code .index} entry, {@code offsetsForTimes} at its {@code .timeindex} entry.
     */
    private static void assertSeeksByOffsetAndTime(OneNodeKafka kafka, String topic, List<LogRecord> records) {
        TopicPartition tp = new TopicPartition(topic, 0);
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.CHECK_CRCS_CONFIG, true);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            consumer.assign(List.of(tp));
            for (int i = 7; i < records.size(); i += 293) {
                consumer.seek(tp, records.get(i).offset());
                List<ConsumerRecord<byte[], byte[]>> got = List.of();
                long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
                while (got.isEmpty() && System.nanoTime() < deadline) {
                    got = consumer.poll(Duration.ofMillis(500)).records(tp);
                }
                assertThat(got).as("a fetch from offset %d", records.get(i).offset()).isNotEmpty();
                ConsumerRecord<byte[], byte[]> r = got.getFirst();
                assertThat(new LogRecord(r.offset(), r.timestamp(), r.key(), r.value(), headers(r.headers())))
                        .isEqualTo(records.get(i));
            }
            for (int i = 11; i < records.size(); i += 311) {
                long target = records.get(i).timestamp() + 1;
                Long expected = records.stream().filter(r -> r.timestamp() >= target).map(LogRecord::offset).findFirst()
                        .orElse(null);
                var found = consumer.offsetsForTimes(Map.of(tp, target), CLIENT_TIMEOUT).get(tp);
                assertThat(found == null ? null : found.offset()).as("offsetsForTimes(%d)", target).isEqualTo(expected);
            }
            long afterAll = records.stream().mapToLong(LogRecord::timestamp).max().orElseThrow() + 1;
            assertThat(consumer.offsetsForTimes(Map.of(tp, afterAll), CLIENT_TIMEOUT).get(tp)).isNull();
        }
    }

    private static long endOffset(OneNodeKafka kafka, String topic) {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            return consumer.endOffsets(List.of(tp), CLIENT_TIMEOUT).get(tp);
        }
    }

    private static List<RecordHeader> headers(Iterable<Header> headers) {
        List<RecordHeader> out = new ArrayList<>();
        for (Header h : headers) {
            out.add(new RecordHeader(h.key(), h.value()));
        }
        return out;
    }

    // ---- files ----

    /** The bytes of the segment and index files in the directory, by name. */
    private static Map<String, byte[]> sluiceFiles(Path partitionDir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(partitionDir)) {
            for (Path f : list.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(KafkaFiles.LOG_SUFFIX) || name.endsWith(KafkaFiles.INDEX_SUFFIX)
                        || name.endsWith(KafkaFiles.TIME_INDEX_SUFFIX)) {
                    files.put(name, Files.readAllBytes(f));
                }
            }
        }
        return files;
    }

    /** The broker neither truncated a segment nor rewrote an index: every file is byte for byte sluice's. */
    private static void assertUnchanged(Path partitionDir, Map<String, byte[]> written, String when) throws IOException {
        Map<String, byte[]> now = sluiceFiles(partitionDir);
        assertThat(now.keySet()).as("segment and index files %s", when).isEqualTo(written.keySet());
        for (Map.Entry<String, byte[]> f : written.entrySet()) {
            assertThat(now.get(f.getKey())).as("%s %s", f.getKey(), when).isEqualTo(f.getValue());
        }
    }

    /** The directory's files with their sizes, e.g. {@code [00000000000000000000.log 1048000, ...]}. */
    private static String listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().map(f -> f.getFileName() + (Files.isDirectory(f) ? "/" : " " + size(f))).toList().toString();
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return -1;
        }
    }
}
