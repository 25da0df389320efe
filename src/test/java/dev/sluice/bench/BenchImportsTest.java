package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.log.Log;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks are a client of the public API like any user's code: they import sluice's exported
 * packages and their own, never the command line's or another internal package.
 */
class BenchImportsTest {
    private static final Path BENCH_SOURCES = Path.of("bench/src/java");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(dev\\.sluice(?:\\.[a-z]\\w*)+)\\.(?:[A-Z]|\\*)",
            Pattern.MULTILINE);

    @Test
    void benchSourcesImportOnlyExportedPackagesAndTheirOwn() throws Exception {
        Set<String> exported = exportedPackages();
        Set<String> internal = new TreeSet<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(BENCH_SOURCES)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertThat(sources).isNotEmpty();
        for (Path source : sources) {
            Matcher imports = IMPORT.matcher(Files.readString(source));
            while (imports.find()) {
                String pkg = imports.group(1);
                if (!exported.contains(pkg) && !pkg.startsWith("dev.sluice.bench")) {
                    internal.add(BENCH_SOURCES.relativize(source) + " imports " + pkg);
                }
            }
        }
        assertThat(internal).as("bench imports of packages that are not public API").isEmpty();
    }

    private static Set<String> exportedPackages() throws IOException, java.net.URISyntaxException {
        Path classes = Path.of(Log.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in).exports().stream()
                    .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        }
    }
}
