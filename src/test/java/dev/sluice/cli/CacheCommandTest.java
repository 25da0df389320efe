package dev.sluice.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class CacheCommandTest {
    @TempDir
    Path dir;

    @Test
    void statJsonHasTheContractsFieldsForEachFileOnce() throws Exception {
        Path a = Files.write(dir.resolve("a"), new byte[10_000]);
        Files.createDirectory(dir.resolve("sub"));
        Files.write(dir.resolve("sub/b"), new byte[5000]);
        CliRun run = CliRun.of("cache", "stat", "--json", a.toString(), dir.toString(), a.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().strip()).startsWith("[").endsWith("]");
        List<String> objects = Pattern.compile("\\{[^}]*}").matcher(run.out()).results().map(java.util.regex.MatchResult::group).toList();
        assertThat(objects).hasSize(2);
        for (String field : List.of("\"path\"", "\"size\"", "\"pageSize\"", "\"pages\"", "\"cachedPages\"",
                "\"cachedBytes\"", "\"dirtyPages\"", "\"writebackPages\"", "\"evictedPages\"")) {
            assertThat(objects).allSatisfy(o -> assertThat(o).contains(field));
        }
        assertThat(objects.get(0)).contains("\"path\": \"" + a + "\"").contains("\"size\": 10000").contains("\"pages\": 3");
    }

    @Test
    void statTableListsEveryFile() throws Exception {
        Path a = Files.write(dir.resolve("a"), new byte[8192]);
        CliRun run = CliRun.of("cache", "stat", a.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out().lines()).hasSize(2);
        assertThat(run.out()).contains("PERCENT").contains(a.toString()).contains("8.0 KiB");
    }

    @Test
    void failuresAreOneLinePerFileNamingTheFileAndExitOne() throws Exception {
        Path a = Files.write(dir.resolve("a"), new byte[100]);
        CliRun run = CliRun.of("cache", "stat", dir.resolve("missing").toString(), "/dev/null", a.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().lines()).hasSize(2)
                .anySatisfy(l -> assertThat(l).startsWith("sluice: cache stat: ").contains("missing"))
                .anySatisfy(l -> assertThat(l).contains("/dev/null").contains("not a regular file"));
        assertThat(run.out()).contains(a.toString());
        assertThat(run.err()).doesNotContain("\tat ");
    }

    @Test
    void warmAndEvictReportWhatIsCached() throws Exception {
        Path a = Files.write(dir.resolve("a"), new byte[1 << 20]);
        CliRun evict = CliRun.of("cache", "evict", a.toString());
        assertThat(evict.exit()).as(evict.err()).isZero();
        assertThat(evict.out()).contains("evicted " + a).contains("-> 0 pages cached");
        CliRun warm = CliRun.of("cache", "warm", a.toString());
        assertThat(warm.exit()).as(warm.err()).isZero();
        assertThat(warm.out()).contains("warmed " + a + ": 256 of 256 pages cached (100.0%)");
        assertThat(warm.err()).isEmpty();
    }

    @Test
    void missingArgumentsAreUsageErrors() {
        for (String sub : List.of("stat", "warm", "evict", "lock")) {
            CliRun run = CliRun.of("cache", sub);
            assertThat(run.exit()).as(sub).isEqualTo(2);
            assertThat(run.err().strip().lines()).hasSize(1);
        }
        assertThat(CliRun.of("cache").exit()).isEqualTo(2);
        assertThat(CliRun.of("cache", "stat", "--bogus", "x").exit()).isEqualTo(2);
    }

    @Test
    void lockOfNothingLockableFailsInsteadOfWaiting() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty"));
        CliRun run = CliRun.of("cache", "lock", empty.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("nothing to lock");
    }

    @Test
    void cacheStatOfADirectoryTotalsAndSaysWhatItSkipped() throws Exception {
        Path tree = Files.createDirectory(dir.resolve("tree"));
        Files.write(tree.resolve("a"), new byte[8192]);
        Files.write(tree.resolve("b"), new byte[2 << 20]);
        Files.createSymbolicLink(tree.resolve("link"), tree.resolve("a"));
        assertThat(new ProcessBuilder("mkfifo", tree.resolve("fifo").toString()).start().waitFor()).isZero();
        CliRun run = CliRun.of("cache", "stat", tree.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).startsWith("8.0 KiB ").endsWith(tree.resolve("a").toString());
        assertThat(lines.get(2)).startsWith("2.0 MiB ").endsWith(tree.resolve("b").toString());
        assertThat(lines.get(3)).matches("total: 2 files, 2\\.0 MiB, .* cached \\(.*% of 514 pages\\)");
        assertThat(run.err()).isEqualTo("sluice: cache stat: skipped 1 symbolic link (not followed) and 1 special file "
                + "(FIFO, socket or device) in the directories: only regular files have a page cache\n");
    }
}
