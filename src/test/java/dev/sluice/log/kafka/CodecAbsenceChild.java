package dev.sluice.log.kafka;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by {@link KafkaCompressedBatchTest} in a child JVM whose class path lacks the codec libraries:
 * prints, per codec, whether it is available, then per batch file given what decoding it gave.
 */
public final class CodecAbsenceChild {
    private CodecAbsenceChild() {
    }

    public static void main(String[] args) throws Exception {
        for (KafkaCompression codec : KafkaCompression.values()) {
            System.out.println("available " + codec + " " + codec.isAvailable());
        }
        for (String file : args) {
            MemorySegment batch = MemorySegment.ofArray(Files.readAllBytes(Path.of(file)));
            String name = Path.of(file).getFileName().toString();
            String problem = KafkaBatchDecoder.bodyProblem(batch);
            try {
                System.out.println(name + " body " + problem + " records " + KafkaBatchDecoder.records(batch).size());
            } catch (CompressedBatchException e) {
                System.out.println(name + " body " + problem + " absent " + e.compression() + ": " + e.getMessage());
            }
        }
    }
}
