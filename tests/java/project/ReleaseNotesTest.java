package project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import testkit.Proc;
import testkit.Tools;

/**
 * tools/changelog-entry and tools/release-notes, which the release job runs in the release-cli
 * image (alpine): run with the machine's sh and with busybox alone on PATH, as in that image.
 */
class ReleaseNotesTest {
    private static final String SAMPLE = """
            # Changelog

            ## [Unreleased]

            - next thing

            ## [1.10.0] - 2026-12-10

            ### Added

            - ten

            ## [1.1.0] - 2026-12-01

            ### Fixed

            - one
              continued

            ## 1.0.0

            - first

            ## [0.9.0] - 2026-11-01

            [1.1.0]: https://example.com/compare/1.0.0...1.1.0
            [1.0.0]: https://example.com/tags/1.0.0
            """;

    @TempDir Path dir;

    static List<String> shells() {
        List<String> shells = new ArrayList<>(List.of("sh"));
        if (Files.isExecutable(Path.of("/usr/bin/busybox")) || Files.isExecutable(Path.of("/bin/busybox"))) shells.add("busybox");
        return shells;
    }

    /** A directory of busybox applets, as in alpine, outside the test's temporary directory. */
    private static synchronized Path busyboxApplets() throws IOException {
        Path bin = Files.createDirectories(Tools.ROOT.resolve("target/busybox-applets"));
        Path busybox = Files.isExecutable(Path.of("/usr/bin/busybox")) ? Path.of("/usr/bin/busybox") : Path.of("/bin/busybox");
        for (String applet : List.of("sh", "awk", "tr", "dirname", "cat")) {
            if (!Files.exists(bin.resolve(applet), java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(bin.resolve(applet), busybox);
        }
        return bin;
    }

    private Proc.Result run(String shell, String tool, String... args) throws IOException {
        Files.writeString(dir.resolve("CHANGELOG.md"), SAMPLE);
        List<String> command = new ArrayList<>();
        Proc proc;
        if (shell.equals("busybox")) {
            Path bin = busyboxApplets();
            command.add(bin.resolve("sh").toString());
            command.add(Tools.ROOT.resolve("tools").resolve(tool).toString());
            command.addAll(List.of(args));
            proc = Proc.of(command).env("PATH", bin.toString());
        } else {
            command.add("sh");
            command.add(Tools.ROOT.resolve("tools").resolve(tool).toString());
            command.addAll(List.of(args));
            proc = Proc.of(command);
        }
        return proc.dir(dir).env("CI_SERVER_FQDN", "gitlab.example.com").env("CI_PROJECT_PATH", "infra/keyless")
                .env("CI_PROJECT_URL", "https://gitlab.example.com/infra/keyless").timeout(30).run();
    }

    @ParameterizedTest
    @MethodSource("shells")
    void printsTheSectionOfOneVersionWithoutHeadingNeighboursOrLinks(String shell) throws IOException {
        Proc.Result result = run(shell, "changelog-entry", "1.1.0");
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("### Fixed\n\n- one\n  continued\n", result.stdout());
        assertEquals("", result.stderr());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void tellsOneDotOneFromOneDotTenAndReadsHeadingsWithoutBrackets(String shell) throws IOException {
        assertEquals("### Added\n\n- ten\n", run(shell, "changelog-entry", "1.10.0").stdout());
        assertEquals("- first\n", run(shell, "changelog-entry", "1.0.0").stdout());
        assertEquals("- next thing\n", run(shell, "changelog-entry", "Unreleased").stdout());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void aTagWithoutEntryFailsNamingTheVersionAndTheFix(String shell) throws IOException {
        Proc.Result result = run(shell, "changelog-entry", "2.0.0");
        assertEquals(1, result.exitCode(), result.toString());
        assertEquals("", result.stdout());
        assertEquals("changelog-entry: CHANGELOG.md has no entry for 2.0.0: add a section '## [2.0.0] - YYYY-MM-DD'"
                + " (move the notes out of '## [Unreleased]'), commit it and tag that commit\n", result.stderr());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void aVersionWithAnEmptySectionOrAPrefixOfAVersionHasNoEntry(String shell) throws IOException {
        Proc.Result empty = run(shell, "changelog-entry", "0.9.0");
        assertEquals(1, empty.exitCode(), empty.toString());
        assertTrue(empty.stderr().contains("has no entry for 0.9.0"), empty.stderr());
        Proc.Result prefix = run(shell, "changelog-entry", "1.1");
        assertEquals(1, prefix.exitCode(), prefix.toString());
        assertTrue(prefix.stderr().contains("has no entry for 1.1:"), prefix.stderr());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void releaseNotesCarryTheEntryAndAnIncludeAtThatVersion(String shell) throws IOException {
        Proc.Result result = run(shell, "release-notes", "1.1.0");
        assertEquals(0, result.exitCode(), result.toString());
        String notes = result.stdout();
        assertTrue(notes.contains("## Changes\n\n### Fixed\n\n- one\n  continued\n\n"), notes);
        assertTrue(notes.contains("```yaml\ninclude:\n  - component: gitlab.example.com/infra/keyless/assume-role@1.1.0\n"), notes);
        assertTrue(notes.contains("(https://gitlab.example.com/infra/keyless/-/blob/1.1.0/CHANGELOG.md)"), notes);
        assertTrue(!notes.contains("- ten") && !notes.contains("- first"), notes);
    }

    @ParameterizedTest
    @MethodSource("shells")
    void releaseNotesForATagWithoutEntryFailAndPrintNothing(String shell) throws IOException {
        Proc.Result result = run(shell, "release-notes", "2.0.0");
        assertEquals(1, result.exitCode(), result.toString());
        assertEquals("", result.stdout());
        assertTrue(result.stderr().contains("has no entry for 2.0.0"), result.stderr());
    }

    @Test
    void theProjectChangelogHasAnUnreleasedSection() {
        Proc.Result result = Proc.of("sh", "tools/changelog-entry", "Unreleased").dir(Tools.ROOT).run();
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stdout().startsWith("### Added"), result.stdout());
    }
}
