package project;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testkit.Proc;
import testkit.Tools;

/** Every shell file, and the shell the templates run, passes shellcheck (warnings and errors). */
class ShellcheckTest {
    @TempDir Path temp;

    @Test
    void theJobScriptsArePosixShWithoutWarnings() throws IOException {
        List<String> command = new ArrayList<>(List.of("shellcheck", "-x", "-P", "SCRIPTDIR", "-s", "sh", "-S", "warning"));
        try (Stream<Path> files = Files.list(Tools.ROOT.resolve("job"))) {
            files.filter(file -> file.toString().endsWith(".sh")).sorted().forEach(file -> command.add(file.toString()));
        }
        assertClean(Proc.of(command).run());
    }

    @Test
    void theProjectsBashScriptsHaveNoWarnings() {
        List<String> command = new ArrayList<>(List.of("shellcheck", "-x", "-S", "warning"));
        for (String file : List.of(".ci/run", "tools/setup", "tools/test", "tools/demo", "tools/jbang-launcher", "bench/run")) {
            command.add(Tools.ROOT.resolve(file).toString());
        }
        assertClean(Proc.of(command).run());
    }

    /** The templates' own scripts, with each $[[ ]] replaced by a plain word, as POSIX sh. */
    @Test
    void theTemplatesScriptsArePosixShWithoutWarnings() throws IOException {
        for (String template : List.of("assume-role", "trust-policy-lint")) {
            String text = Files.readString(Tools.ROOT.resolve("templates/" + template + ".yml"));
            String job = text.substring(text.indexOf("\n---\n") + 5).replaceAll("\\$\\[\\[[^\\]]*\\]\\]", "value");
            JsonNode definition = new YAMLMapper().readTree(job).elements().next();
            for (String section : List.of("before_script", "script", "after_script")) {
                StringBuilder script = new StringBuilder("#!/bin/sh\n");
                definition.path(section).forEach(item -> script.append(item.asText()).append('\n'));
                if (script.length() < 20) continue;
                Path file = Files.writeString(temp.resolve(template + "-" + section + ".sh"), script);
                assertClean(Proc.of("shellcheck", "-s", "sh", "-S", "warning", "-e", "SC1091", file.toString()).run());
            }
        }
    }

    private static void assertClean(Proc.Result result) {
        assertEquals(0, result.exitCode(), result::toString);
    }
}
