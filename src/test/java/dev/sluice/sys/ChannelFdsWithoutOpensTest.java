package dev.sluice.sys;

import dev.sluice.testing.ChildJvm;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without the --add-opens that ChannelFds needs, every attempt (not only the first) gets the same
 * clear exception naming the exact flags; no ExceptionInInitializerError, then NoClassDefFoundError.
 */
class ChannelFdsWithoutOpensTest {
    private static final String FLAGS = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED";

    @ParameterizedTest(name = "opened: [{0}]")
    @ValueSource(strings = {"", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED"})
    void everyAttemptNamesTheMissingFlags(String opened, @TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("file"), new byte[16]);
        // not ChildJvm.command: the flags it adds are the ones this test leaves out
        List<String> command = new ArrayList<>(List.of(ChildJvm.java(), Kernel.nativeAccessFlag()));
        if (!opened.isEmpty()) {
            command.add(opened);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ChannelFdsChild.class.getName(),
                file.toString()));
        Path output = dir.resolve("child.out");
        assertThat(ChildJvm.runToCompletion(command, output, 60)).as(Files.readString(output)).isZero();
        List<String> lines = Files.readAllLines(output).stream().filter(l -> !l.startsWith("WARNING")).toList();
        assertThat(lines).as(Files.readString(output)).hasSize(3).allSatisfy(line -> assertThat(line)
                .isEqualTo("THREW java.lang.UnsupportedOperationException: reading the descriptor of a FileChannelImpl "
                        + "needs " + FLAGS));
    }
}
