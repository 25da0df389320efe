package dev.sluice.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Test data every layer's tests use: seeded random bytes, payloads tagged with where they belong (so
 * a record read back at the wrong offset cannot pass for the right one), and files holding them.
 * Everything is reproducible from its seed, in this JVM or a child's.
 */
public final class TestData {
    private TestData() {
    }

    /** {@return {@code size} bytes from a {@link Random} seeded with {@code seed}} */
    public static byte[] randomBytes(int size, long seed) {
        return randomBytes(new Random(seed), size);
    }

    /** {@return the next {@code size} bytes of {@code random}} */
    public static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * {@return the next {@code size} bytes of {@code random}, {@code tag} (ASCII) written over the first
     * of them} A payload shorter than its tag holds as much of the tag as fits.
     */
    public static byte[] tagged(Random random, int size, String tag) {
        byte[] bytes = randomBytes(random, size);
        byte[] label = tag.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(label, 0, bytes, 0, Math.min(label.length, bytes.length));
        return bytes;
    }

    /** {@return the file {@code name} in {@code dir}, written with {@code content}} */
    public static Path fileWith(Path dir, String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }
}
