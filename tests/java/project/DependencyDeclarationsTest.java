package project;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import testkit.Tools;

/** The scripts' //DEPS are the truth; pom.xml's compile dependencies must say the same. */
class DependencyDeclarationsTest {
    private static final Pattern POM_DEPENDENCY = Pattern.compile(
            "<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*(?:<version>([^<]+)</version>)?\\s*(<type>pom</type>\\s*<scope>import</scope>|<scope>test</scope>)?");

    @Test
    void pomDeclaresExactlyTheScriptsDependencies() throws IOException {
        TreeSet<String> fromScripts = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Tools.SCRIPTS)) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .forEach(f -> fromScripts.addAll(ScriptSources.directives(f, "DEPS")));
        }
        TreeSet<String> fromPom = new TreeSet<>();
        Matcher m = POM_DEPENDENCY.matcher(Files.readString(Tools.ROOT.resolve("pom.xml")));
        while (m.find()) {
            String scope = m.group(4);
            if (scope != null && scope.contains("test")) continue;
            String coordinates = m.group(1) + ":" + m.group(2) + (m.group(3) == null ? "" : ":" + m.group(3));
            fromPom.add(scope != null ? coordinates + "@pom" : coordinates);
        }
        assertEquals(fromScripts, fromPom, "pom.xml and the scripts' //DEPS disagree");
    }
}
