import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import project.JbangCatalog;
import testkit.Tools;

/**
 * Each command calls itself by its catalog alias in --help and in errors, and a bad flag gets one
 * line about the problem, a short usage line and a pointer to --help (exit 2), not the whole help.
 */
class CommandLineUsageTest {
    /** The commands of this part of the toolkit and how each is built in main. (trust-policy has its own test.) */
    static final Map<String, Supplier<CommandLine>> COMMANDS = Map.of(
            "assume-role", AssumeRole::commandLine,
            "setup-aws", SetupAws::commandLine,
            "inspect-token", () -> InspectToken.commandLine(new InspectToken()));

    @Test
    void programNamesAreTheCatalogAliases() {
        Set<String> aliases = new HashSet<>();
        JbangCatalog.catalog(Tools.ROOT).path("scripts").fieldNames().forEachRemaining(aliases::add);
        COMMANDS.forEach((alias, command) -> {
            assertTrue(aliases.contains(alias), alias + " is not a catalog alias: " + aliases);
            CommandLine line = command.get();
            assertEquals(alias, line.getCommandName());
            assertTrue(line.getUsageMessage().startsWith("Usage: " + alias + " "), line.getUsageMessage());
            assertTrue(line.getCommandSpec().version()[0].startsWith(alias + " "), alias + " version " + line.getCommandSpec().version()[0]);
        });
    }

    @Test
    void anUnknownFlagGetsAShortUsageAndExit2() {
        COMMANDS.forEach((alias, command) -> {
            CommandLine line = command.get();
            StringWriter err = new StringWriter();
            StringWriter out = new StringWriter();
            line.setErr(new PrintWriter(err));
            line.setOut(new PrintWriter(out));
            int exit = line.execute("--no-such-flag");
            String text = err.toString();
            assertEquals(2, exit, alias + ": " + text);
            assertEquals(alias + ": Unknown option: '--no-such-flag'", text.lines().findFirst().orElse(""), text);
            assertTrue(text.contains("Usage: " + alias + " [OPTIONS]"), text);
            assertTrue(text.strip().endsWith("Try '" + alias + " --help' for more information."), text);
            assertTrue(text.lines().count() <= 4, alias + " printed more than a short usage:\n" + text);
            assertFalse(text.contains("--version"), "the whole help was printed:\n" + text);
            assertEquals("", out.toString());
        });
    }
}
