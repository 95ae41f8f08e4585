package project;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import lib.trust.report.Tool;
import org.junit.jupiter.api.Test;
import testkit.Proc;
import testkit.Tools;

/**
 * The aliases of jbang-catalog.json work with the installed JBang at the repository root, as the
 * README tells a new user to run them. Without JBang's own Gson (tools/jbang-pom.xml) every
 * catalog reads as empty and JBang says "Script or alias could not be found or read".
 */
class CatalogAliasesTest {
    @Test
    void trustPolicyRunsThroughItsAlias() {
        Proc.Result run = Proc.of(Tools.jbang(), "trust-policy", "--version").dir(Tools.ROOT).timeout(300).run();
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(Tool.NAME + " " + Tool.VERSION, run.stdout().strip(), run.toString());
    }

    @Test
    void everyCatalogScriptIsAnAlias() {
        Proc.Result list = Proc.of(Tools.jbang(), "alias", "list").dir(Tools.ROOT).timeout(120).run();
        assertEquals(0, list.exitCode(), list.toString());
        List<String> listed = list.stdout().lines().filter(line -> !line.startsWith(" ")).toList();
        List<String> missing = new ArrayList<>();
        JbangCatalog.catalog(Tools.ROOT).path("scripts").fieldNames()
                .forEachRemaining(name -> { if (!listed.contains(name)) missing.add(name); });
        assertEquals(List.of(), missing, list.toString());
    }
}
