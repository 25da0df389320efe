package dev.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.log.Log;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's Java snippets are the compiled example files beside this test: each {@code ```java}
 * block follows a {@code <!-- compiled from FILE -->} line and must equal, up to indentation, that
 * file's {@code // README begin} ... {@code // README end} regions (its imports, then its method)
 * joined by a blank line. {@link ReadmeExamplesTest} runs them.
 */
class ReadmeSnippetsTest {
    private static final Path README = Path.of("README.md");
    private static final Path EXAMPLES = Path.of("src/test/java/dev/sluice/examples");
    private static final Pattern SOURCE = Pattern.compile("<!-- compiled from (\\S+) -->");
    private static final Pattern IMPORT = Pattern.compile("^import (dev\\.sluice\\.\\w+)\\.", Pattern.MULTILINE);

    /** One README code block and the example file it names (null if it names none). */
    private record Snippet(Path source, String code) {
    }

    @Test
    void everyJavaBlockIsTheMarkedCodeOfItsExampleFile() throws IOException {
        List<Snippet> snippets = javaBlocks();
        assertThat(snippets).isNotEmpty();
        for (Snippet snippet : snippets) {
            assertThat(snippet.source())
                    .as("the line before this README block, naming its compiled example file:%n%s", snippet.code())
                    .isNotNull();
            assertThat(snippet.code())
                    .as("README block compiled from %s (edit the example, then copy its regions)", snippet.source())
                    .isEqualTo(markedRegions(snippet.source()));
        }
    }

    @Test
    void everyExampleFileIsInTheReadme() throws IOException {
        Set<Path> shown = javaBlocks().stream().map(Snippet::source).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith("Example.java")))
                    .isNotEmpty()
                    .allSatisfy(f -> assertThat(shown).as("README blocks").contains(f));
        }
    }

    @Test
    void snippetsImportOnlyExportedPackages() throws Exception {
        Set<String> exported;
        Path classes = Path.of(Log.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            exported = ModuleDescriptor.read(in).exports().stream()
                    .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        }
        for (Snippet snippet : javaBlocks()) {
            Matcher imports = IMPORT.matcher(snippet.code());
            while (imports.find()) {
                assertThat(exported).as("packages a snippet of %s imports", snippet.source()).contains(imports.group(1));
            }
        }
    }

    private static List<Snippet> javaBlocks() throws IOException {
        List<String> lines = Files.readAllLines(README);
        List<Snippet> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) {
                continue;
            }
            Matcher source = SOURCE.matcher(i > 0 ? lines.get(i - 1).strip() : "");
            int end = i + 1;
            while (!lines.get(end).strip().equals("```")) {
                end++;
            }
            blocks.add(new Snippet(source.matches() ? Path.of(source.group(1)) : null,
                    dedent(lines.subList(i + 1, end))));
            i = end;
        }
        return blocks;
    }

    private static String markedRegions(Path example) throws IOException {
        List<String> regions = new ArrayList<>();
        List<String> region = null;
        for (String line : Files.readAllLines(example)) {
            if (line.strip().equals("// README begin")) {
                region = new ArrayList<>();
            } else if (line.strip().equals("// README end")) {
                regions.add(dedent(region));
                region = null;
            } else if (region != null) {
                region.add(line);
            }
        }
        assertThat(regions).as("// README begin ... end regions in %s", example).isNotEmpty();
        return String.join("\n\n", regions);
    }

    /** The lines without their common indentation and trailing blanks, joined by newlines. */
    private static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing())
                .collect(Collectors.joining("\n"));
    }
}
