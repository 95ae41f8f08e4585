package project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import testkit.Tools;

/**
 * Files generated from others must not drift. Run with -Dupdate=true to regenerate them:
 * mvn -q test -Dtest=GeneratedFilesTest -Dupdate=true
 */
class GeneratedFilesTest {
    static final boolean UPDATE = Boolean.getBoolean("update");
    static final Path ROOT = Tools.ROOT;

    @Test
    void componentsCarryExactlyTheScriptsOfThisCommit() throws IOException {
        for (var component : (Iterable<java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>)
                () -> JbangCatalog.catalog(ROOT).path("components").fields()) {
            Path template = ROOT.resolve(component.getValue().path("template").asText());
            Path script = ROOT.resolve(component.getValue().path("script").asText());
            check(template, ToolkitEmbedding.embed(ROOT, Files.readString(template), component.getKey(), script));
        }
    }

    @Test
    void jbangCatalogMatchesCatalogYml() throws IOException {
        check(ROOT.resolve("jbang-catalog.json"), JbangCatalog.render(ROOT));
    }

    @Test
    void readmeInputsTablesMatchTheSpecHeaders() throws IOException {
        Path readme = ROOT.resolve("README.md");
        String text = Files.readString(readme);
        for (var component : (Iterable<java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>)
                () -> JbangCatalog.catalog(ROOT).path("components").fields()) {
            Path template = ROOT.resolve(component.getValue().path("template").asText());
            text = InputsTable.embed(text, component.getKey(), ComponentSpec.read(template));
        }
        check(readme, text);
    }

    @Test
    void everyPublishedFileExists() {
        JbangCatalog.catalog(ROOT).path("scripts").forEach(s ->
                assertTrue(Files.isRegularFile(ROOT.resolve(s.path("script").asText())), s.toString()));
        JbangCatalog.catalog(ROOT).path("components").forEach(c ->
                assertTrue(Files.isRegularFile(ROOT.resolve(c.path("template").asText())), c.toString()));
    }

    private static void check(Path file, String expected) throws IOException {
        String actual = Files.exists(file) ? Files.readString(file) : "";
        if (UPDATE && !expected.equals(actual)) Files.writeString(file, expected);
        else assertEquals(expected, actual, ROOT.relativize(file) + " is out of date: run mvn -q test -Dtest=GeneratedFilesTest -Dupdate=true");
    }
}
