import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lib.cli.HelpLayout;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * --help of every command and subcommand, at 80 columns: nothing a reader copies (an ARN, a URL,
 * a component path) is split across lines, no line is wider than 80 unless it is one such token,
 * and each command ends with 2 to 4 real examples.
 */
class HelpTextTest {
    private static final int WIDTH = 80;
    private static final Pattern COPYABLE = Pattern.compile("(arn:aws[a-z-]*:[^\\s,;)]+|https?://[^\\s,;)]+|\\$CI_SERVER_FQDN/[^\\s,;)]+)");

    /** Every command and subcommand, by its qualified name. */
    static Map<String, CommandLine> allCommands() {
        Map<String, CommandLine> all = new LinkedHashMap<>();
        List<CommandLine> roots = new ArrayList<>();
        CommandLineUsageTest.COMMANDS.values().forEach(command -> roots.add(command.get()));
        roots.add(TrustPolicy.commandLine());
        for (CommandLine root : roots) {
            all.put(root.getCommandSpec().qualifiedName(), root);
            root.getSubcommands().values().forEach(sub -> all.put(sub.getCommandSpec().qualifiedName(), sub));
        }
        return all;
    }

    static String help(CommandLine command, int width) {
        command.setUsageHelpAutoWidth(false);
        command.setUsageHelpWidth(width);
        return command.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    @Test
    void coversEveryCommandAndSubcommand() {
        assertEquals(List.of("assume-role", "inspect-token", "setup-aws", "trust-policy", "trust-policy explain",
                "trust-policy generate", "trust-policy lint"), allCommands().keySet().stream().sorted().toList());
    }

    @Test
    void noArnUrlOrComponentPathIsSplitAcrossLines() {
        int[] found = {0};
        allCommands().forEach((name, command) -> {
            String unwrapped = help(command, 10_000);
            String wrapped = help(command, WIDTH);
            Matcher tokens = COPYABLE.matcher(unwrapped);
            while (tokens.find()) {
                String token = tokens.group(1);
                found[0]++;
                assertTrue(wrapped.lines().anyMatch(line -> line.contains(token)),
                        name + ": '" + token + "' is split across lines:\n" + wrapped);
            }
        });
        assertTrue(found[0] >= 10, "only " + found[0] + " ARNs and URLs checked");
    }

    @Test
    void noLineIsWiderThan80UnlessItIsOneUnbreakableToken() {
        allCommands().forEach((name, command) -> {
            for (String line : help(command, WIDTH).split("\n")) {
                assertTrue(line.length() <= WIDTH || !line.strip().contains(" "),
                        name + ": line of " + line.length() + " columns:\n" + line);
            }
        });
    }

    @Test
    void everyCommandEndsWithTwoToFourExamplesOfItself() {
        allCommands().forEach((name, command) -> {
            String help = help(command, WIDTH);
            int at = help.indexOf("\nExamples:\n");
            assertTrue(at >= 0, name + " has no Examples: section:\n" + help);
            List<String> examples = new ArrayList<>();
            for (String line : help.substring(at + "\nExamples:\n".length()).split("\n")) {
                if (line.isBlank()) break;
                if (line.startsWith("  ") && !line.startsWith("   ")) examples.add(line.strip());
            }
            assertTrue(examples.size() >= 2 && examples.size() <= 4, name + ": " + examples.size() + " examples:\n" + help);
            String program = name.split(" ")[0];
            examples.forEach(example -> assertTrue(example.contains(program + " "), name + ": not an example of it: " + example));
        });
    }

    @Test
    void setupAwsHelpIsShortAndGrouped() {
        String help = help(SetupAws.commandLine(), WIDTH);
        assertTrue(help.lines().count() <= 110, help.lines().count() + " lines:\n" + help);
        assertTrue(help.startsWith("Usage: setup-aws [OPTIONS]\n"), help);
        for (String group : List.of("Who may assume the role:", "The role and its permissions:", "How to run:")) {
            assertTrue(help.contains("\n" + group + "\n"), group + " missing:\n" + help);
        }
    }

    @Test
    void wrapBreaksBetweenWordsAndKeepsTheDescriptionColumn() {
        String line = "      --role-arn=ARN         IAM role to assume, e.g. arn:aws:iam::123456789012:role/deploy, from https://gitlab.com.";
        assertEquals("      --role-arn=ARN         IAM role to assume, e.g.\n"
                + "                               arn:aws:iam::123456789012:role/deploy,\n"
                + "                               from https://gitlab.com.", HelpLayout.wrap(line, 60));
        assertEquals("short line", HelpLayout.wrap("short line", 60));
    }
}
