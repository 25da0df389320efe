package dev.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.log.Log;
import dev.sluice.testing.ChildJvm;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user who writes {@code import dev.sluice.log.*;} must not lose a {@code java.lang} name: no exported
 * public type may share a simple name with a {@code java.lang} type (0.1.0-SNAPSHOT's
 * {@code dev.sluice.log.Record} made {@code List<Record>} ambiguous).
 */
class WildcardImportTest {
    private static final Path CLASSES = classesDir();

    @TempDir
    Path dir;

    @Test
    void wildcardImportsOfEveryExportedPackageCompileBesideJavaLang() throws IOException, InterruptedException {
        StringBuilder source = new StringBuilder();
        for (String pkg : exportedPackages()) {
            source.append("import ").append(pkg).append(".*;\n");
        }
        source.append("""
                import java.util.List;

                class WildcardUser {
                    List<LogRecord> records;   // the log's record
                    Record plain;              // java.lang.Record, as the user meant
                    String text;
                    Thread thread;
                }
                """);
        Path file = Files.writeString(dir.resolve("WildcardUser.java"), source);
        Path javac = Path.of(ChildJvm.java()).resolveSibling("javac");
        Path output = dir.resolve("javac.out");

        int status = ChildJvm.runToCompletion(List.of(javac.toString(), "-proc:none", "-classpath", CLASSES.toString(),
                "-d", dir.resolve("out").toString(), file.toString()), output, 60);

        assertThat(status).as("javac on%n%s%n%s", source, Files.readString(output)).isZero();
    }

    @Test
    void noExportedTypeSharesASimpleNameWithJavaLang() throws IOException {
        Set<String> clashes = new TreeSet<>();
        for (String pkg : exportedPackages()) {
            for (String name : publicTopLevelTypes(pkg)) {
                if (isJavaLangType(name)) {
                    clashes.add(pkg + "." + name);
                }
            }
        }
        assertThat(clashes).as("exported types named like a java.lang type").isEmpty();
    }

    private static boolean isJavaLangType(String simpleName) {
        try {
            Class.forName("java.lang." + simpleName, false, ClassLoader.getPlatformClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static List<String> publicTopLevelTypes(String pkg) throws IOException {
        try (Stream<Path> files = Files.list(CLASSES.resolve(pkg.replace('.', '/')))) {
            List<String> names = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .filter(n -> isPublic(pkg + "." + n))
                    .toList();
            assertThat(names).as("public types in %s", pkg).isNotEmpty();
            return names;
        }
    }

    private static boolean isPublic(String className) {
        try {
            return java.lang.reflect.Modifier.isPublic(
                    Class.forName(className, false, WildcardImportTest.class.getClassLoader()).getModifiers());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static Set<String> exportedPackages() throws IOException {
        try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in).exports().stream()
                    .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Path classesDir() {
        try {
            return Path.of(Log.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
