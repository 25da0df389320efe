/**
 * Kafka's on-disk format as Kafka 4.4 writes it: v2 record batches (magic 2), the sparse
 * {@code .index} and {@code .timeindex} of a segment, and segment file names.
 *
 * <p>Everything here works on bytes in {@link java.lang.foreign.MemorySegment}s and does no I/O:
 * the log's segment writer and readers move the bytes with their own I/O modes and read-ahead.
 * The package depends on no other part of sluice and on no Kafka library; the tests check it
 * against Kafka's own classes. Its format is described in docs/FORMAT.md ("The Kafka format").
 *
 * <p>Compressed batches: gzip is decoded with the JDK; snappy, lz4 and zstd with the libraries
 * kafka-clients uses ({@link dev.sluice.log.kafka.KafkaCompression#codecLibrary()}), optional
 * dependencies found at run time, with Kafka's stream framings read by this package. Without a
 * codec's library a compressed batch is still checked (CRC) and can be sent whole; asking for its
 * records throws a {@link dev.sluice.log.kafka.CompressedBatchException} naming the library to add.
 * Decompression stops at a limit ({@link dev.sluice.log.kafka.KafkaBatchDecoder#DEFAULT_MAX_DECOMPRESSED_BYTES}
 * unless the caller passes one).
 *
 * <ul>
 * <li>{@link dev.sluice.log.kafka.KafkaBatchEncoder} writes an uncompressed batch without a producer;</li>
 * <li>{@link dev.sluice.log.kafka.KafkaBatchDecoder} checks a header before anything is sized from it,
 *     then the CRC-32C and the record framing, and decodes batches, compressed or not
 *     ({@code records}), or gives a batch's records section uncompressed ({@code decompressedRecords});</li>
 * <li>{@link dev.sluice.log.kafka.KafkaSegmentIndexer} applies Kafka's index rules
 *     ({@code log.index.interval.bytes}) to the batches of a segment, building a
 *     {@link dev.sluice.log.kafka.KafkaOffsetIndex} and a {@link dev.sluice.log.kafka.KafkaTimeIndex};</li>
 * <li>{@link dev.sluice.log.kafka.KafkaTimeSearch} finds the first offset whose timestamp is at least T.</li>
 * </ul>
 */
package dev.sluice.log.kafka;
