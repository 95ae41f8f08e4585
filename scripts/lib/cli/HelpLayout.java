package lib.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How every command's --help is laid out: a one-line synopsis ("Usage: setup-aws [OPTIONS]"),
 * and text wrapped at spaces only. picocli wraps with a line BreakIterator, which splits
 * "arn:aws:iam::123456789012:role/deploy" after a colon and "https://gitlab.com" after the dot,
 * so a reader cannot copy them; here each section is laid out by picocli without a width limit
 * and then wrapped at the real width between words. A word longer than a line stays whole.
 */
public final class HelpLayout {
    private static final int UNLIMITED = 10_000;
    /** An option and its description, or an indented line with a column after two spaces (a command and its description). */
    private static final Pattern COLUMNS = Pattern.compile("^(\\s+(?:-\\w, )?--?\\S+\\s+|\\s+\\S.*?\\s{2,})(\\S.*)$");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

    private HelpLayout() {}

    /** Applies the layout to the command and all its subcommands. */
    public static CommandLine install(CommandLine command) {
        command.getCommandSpec().usageMessage().abbreviateSynopsis(true);
        Map<String, IHelpSectionRenderer> sections = command.getHelpSectionMap();
        for (Map.Entry<String, IHelpSectionRenderer> section : sections.entrySet()) {
            IHelpSectionRenderer original = section.getValue();
            section.setValue(help -> wrap(renderUnlimited(original, help), help.commandSpec().usageMessage().width()));
        }
        command.setHelpSectionMap(sections);
        command.getSubcommands().values().forEach(HelpLayout::install);
        return command;
    }

    /**
     * Puts a heading above the option list line of each named option ("--role-name" to "The role:"),
     * so a long list reads in groups; options keep their declared order.
     */
    public static CommandLine headings(CommandLine command, Map<String, String> headingBefore) {
        Map<String, IHelpSectionRenderer> sections = command.getHelpSectionMap();
        IHelpSectionRenderer options = sections.get(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST);
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> {
            StringBuilder out = new StringBuilder();
            for (String line : options.render(help).split("\n", -1)) {
                String plain = ANSI.matcher(line).replaceAll("");
                boolean optionLine = plain.length() - plain.stripLeading().length() <= 6; // not a description line
                String name = plain.strip().replaceFirst("^-\\w, ", "").split("[=\\s\\[]", 2)[0];
                String heading = optionLine ? headingBefore.get(name) : null;
                if (heading != null) out.append(out.length() == 0 ? "" : "\n").append(heading).append('\n');
                out.append(line).append('\n');
            }
            return out.substring(0, out.length() - 1);
        });
        command.setHelpSectionMap(sections);
        return command;
    }

    private static String renderUnlimited(IHelpSectionRenderer renderer, Help help) {
        UsageMessageSpec usage = help.commandSpec().usageMessage();
        Integer width = usage.width();
        boolean auto = usage.autoWidth();
        usage.autoWidth(false).width(UNLIMITED);
        try {
            return renderer.render(help);
        } finally {
            usage.width(width).autoWidth(auto);
        }
    }

    /** Every line longer than width wrapped between words; continuation lines keep the text's column. */
    public static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) out.append('\n');
            out.append(String.join("\n", wrapLine(lines[i].replace("\r", ""), width)));
        }
        return out.toString();
    }

    private static List<String> wrapLine(String line, int width) {
        if (visible(line) <= width) return List.of(line);
        String first;
        String rest;
        int indent;
        Matcher columns = COLUMNS.matcher(line);
        if (columns.matches()) {
            first = columns.group(1);
            rest = columns.group(2);
            indent = visible(first) + 2;
        } else {
            int lead = line.length() - line.stripLeading().length();
            first = line.substring(0, lead);
            rest = line.substring(lead);
            indent = lead == 0 ? 0 : lead + 2;
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder(first);
        boolean empty = true;
        for (String word : rest.split(" +")) {
            if (word.isEmpty()) continue;
            if (!empty && visible(current.toString()) + 1 + visible(word) > width) {
                out.add(current.toString());
                current = new StringBuilder(" ".repeat(indent));
                empty = true;
            }
            if (!empty) current.append(' ');
            current.append(word);
            empty = false;
        }
        out.add(current.toString());
        return out;
    }

    private static int visible(String text) {
        return ANSI.matcher(text).replaceAll("").length();
    }
}
