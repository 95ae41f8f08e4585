import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import project.JbangCatalog;
import testkit.Tools;

/**
 * Each command calls itself by its catalog alias in --help and in errors, and a bad flag gets one
 * line about the problem and one line of usage pointing to --help (exit 2), not the whole help.
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
    void anUnknownFlagGetsTheProblemAndOneLineOfUsageAndExit2() {
        Map<String, Supplier<CommandLine>> all = new java.util.TreeMap<>(COMMANDS);
        all.put("trust-policy", TrustPolicy::commandLine);
        all.forEach((alias, command) -> {
            CommandLine line = command.get();
            StringWriter err = new StringWriter();
            StringWriter out = new StringWriter();
            line.setErr(new PrintWriter(err));
            line.setOut(new PrintWriter(out));
            int exit = line.execute("--no-such-flag");
            String text = err.toString();
            assertEquals(2, exit, alias + ": " + text);
            assertEquals(List.of(alias + ": Unknown option: '--no-such-flag'",
                    "Usage: " + alias + " [OPTIONS]" + (alias.equals("trust-policy") ? " [COMMAND]" : "") + " (see --help)"),
                    text.lines().toList(), text);
            assertEquals("", out.toString());
        });
    }

    @Test
    void trustPolicyWithoutACommandSaysSoInTwoLines() {
        CommandLine line = TrustPolicy.commandLine();
        StringWriter err = new StringWriter();
        line.setErr(new PrintWriter(err));
        line.setOut(new PrintWriter(new StringWriter()));
        assertEquals(2, line.execute(), err.toString());
        assertEquals(List.of("trust-policy: a command is missing: generate, lint or explain.",
                "Usage: trust-policy [OPTIONS] [COMMAND] (see --help)"), err.toString().lines().toList());
    }

    @Test
    void aSubcommandNamesItselfInTheErrorAndItsUsageLine() {
        for (String[] args : List.of(new String[] {"lint", "--bogus", "x.json"}, new String[] {"generate", "--nope"},
                new String[] {"explain", "--policy"})) {
            CommandLine line = TrustPolicy.commandLine();
            StringWriter err = new StringWriter();
            line.setErr(new PrintWriter(err));
            line.setOut(new PrintWriter(new StringWriter()));
            assertEquals(2, line.execute(args), err.toString());
            List<String> lines = err.toString().lines().toList();
            assertEquals(2, lines.size(), err.toString());
            assertTrue(lines.get(0).startsWith("trust-policy " + args[0] + ": "), lines.get(0));
            assertTrue(lines.get(1).matches("Usage: trust-policy " + args[0] + " \\[OPTIONS\\]( \\[FILE\\.\\.\\.\\])? \\(see --help\\)"), lines.get(1));
        }
    }
}
