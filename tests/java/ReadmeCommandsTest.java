import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import testkit.Tools;

/**
 * The README's commands cannot drift from the scripts: every `jbang NAME ...` line in its shell
 * blocks names a catalog script, and every option it passes exists on that command (or on the
 * subcommand it names) with the arity it is given.
 */
class ReadmeCommandsTest {
    private static final Map<String, Supplier<CommandLine>> SCRIPTS = Map.of(
            "assume-role", AssumeRole::commandLine,
            "trust-policy", TrustPolicy::commandLine,
            "setup-aws", SetupAws::commandLine,
            "inspect-token", () -> InspectToken.commandLine(new InspectToken()));
    private static final Pattern JBANG = Pattern.compile("jbang ([a-z-]+)((?: [^`\\n#]*)?)");

    @Test
    void everyScriptCommandInTheReadmeParses() throws IOException {
        String readme = Files.readString(Tools.ROOT.resolve("README.md")).replace("\\\n", " ");
        List<String> commands = new ArrayList<>();
        Matcher matcher = JBANG.matcher(readme);
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!SCRIPTS.containsKey(name)) continue;
            commands.add(matcher.group(0));
            List<String> args = new ArrayList<>(List.of(matcher.group(2).trim().split("\\s+")));
            args.removeIf(String::isEmpty);
            CommandLine command = SCRIPTS.get(name).get();
            CommandLine.ParseResult parsed;
            try {
                parsed = command.parseArgs(args.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                throw new AssertionError("README: `" + matcher.group(0).strip() + "` does not parse: " + e.getMessage(), e);
            }
            assertTrue(parsed != null, matcher.group(0));
        }
        assertTrue(commands.size() >= 6, "the README's script commands were found: " + commands);
    }
}
