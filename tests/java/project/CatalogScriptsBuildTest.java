package project;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import testkit.Proc;
import testkit.Tools;

/** Every script the JBang catalog publishes builds with JBang from its own //DEPS and //SOURCES. */
class CatalogScriptsBuildTest {
    @Test
    void everyCatalogScriptBuildsWithJbang() {
        List<String> failures = new ArrayList<>();
        JbangCatalog.catalog(Tools.ROOT).path("scripts").forEach(script -> {
            Proc.Result build = Proc.of(Tools.jbang(), "--quiet", "build", script.path("script").asText())
                    .dir(Tools.ROOT).timeout(300).run();
            if (build.exitCode() != 0) failures.add(script.path("script").asText() + ": " + build);
        });
        assertEquals(List.of(), failures);
    }
}
