package lib.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An AWS config or credentials file edited in place: sections and keys this code does not touch,
 * comments, blank lines and line endings stay exactly as they were.
 */
public final class IniFile {
    private static final Pattern HEADER = Pattern.compile("\\s*\\[([^\\]]*)\\]\\s*([#;].*)?");
    private static final Pattern KEY = Pattern.compile("([^\\s=#;\\[][^=]*?)\\s*=.*");

    private final List<String> lines;
    private final String newline;

    private IniFile(List<String> lines, String newline) {
        this.lines = lines;
        this.newline = newline;
    }

    public static IniFile parse(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) lines.add(text.substring(start));
        return new IniFile(lines, text.contains("\r\n") ? "\r\n" : "\n");
    }

    public String render() {
        return String.join("", lines);
    }

    /** `default` is `[default]` in both files; other profiles are `[profile NAME]` in the config file. */
    public static String configSection(String profile) {
        return "default".equals(profile) ? "default" : "profile " + profile;
    }

    public boolean hasSection(String name) {
        return headerIndex(name) >= 0;
    }

    /** The keys of a section in order; values as written, without continuation lines. */
    public Map<String, String> section(String name) {
        Map<String, String> values = new LinkedHashMap<>();
        int header = headerIndex(name);
        if (header < 0) return values;
        for (int i = header + 1; i < sectionEnd(header); i++) {
            String line = lines.get(i);
            Matcher key = KEY.matcher(stripEol(line));
            if (key.matches() && !Character.isWhitespace(line.charAt(0))) {
                String value = stripEol(line).substring(stripEol(line).indexOf('=') + 1).strip();
                values.put(key.group(1).strip(), value);
            }
        }
        return values;
    }

    /** Sets the given keys and removes the listed ones; other keys and comments in the section stay. */
    public void update(String name, Map<String, String> set, Set<String> remove) {
        int header = headerIndex(name);
        if (header < 0) {
            appendSection(name, set);
            return;
        }
        int end = sectionEnd(header);
        for (int i = end - 1; i > header; i--) {
            String line = lines.get(i);
            Matcher key = KEY.matcher(stripEol(line));
            if (key.matches() && !Character.isWhitespace(line.charAt(0))) {
                String k = key.group(1).strip();
                if (set.containsKey(k) || remove.contains(k)) removeKeyAt(i);
            }
        }
        // A header on the last line without a line ending would run into the first key.
        if (!lines.get(header).endsWith("\n")) lines.set(header, lines.get(header) + newline);
        List<String> added = new ArrayList<>();
        set.forEach((k, v) -> added.add(entry(k, v)));
        lines.addAll(header + 1, added);
    }

    public void removeSection(String name) {
        int header = headerIndex(name);
        if (header < 0) return;
        int end = sectionEnd(header);
        lines.subList(header, end).clear();
    }

    private void appendSection(String name, Map<String, String> set) {
        if (!lines.isEmpty()) {
            int last = lines.size() - 1;
            if (!lines.get(last).endsWith("\n")) lines.set(last, lines.get(last) + newline);
            if (!lines.get(last).isBlank()) lines.add(newline);
        }
        lines.add("[" + name + "]" + newline);
        set.forEach((k, v) -> lines.add(entry(k, v)));
    }

    /** A key line; a multi-line value (a nested section such as sts = ...) takes the file's line ending. */
    private String entry(String key, String value) {
        return key + " = " + value.replaceAll("\r?\n", newline) + newline;
    }

    private void removeKeyAt(int index) {
        lines.remove(index);
        while (index < lines.size() && isContinuation(lines.get(index))) lines.remove(index);
    }

    private static boolean isContinuation(String line) {
        return !line.isBlank() && Character.isWhitespace(line.charAt(0)) && !HEADER.matcher(stripEol(line)).matches();
    }

    private int headerIndex(String name) {
        String wanted = normalize(name);
        for (int i = 0; i < lines.size(); i++) {
            Matcher header = HEADER.matcher(stripEol(lines.get(i)));
            if (header.matches() && normalize(header.group(1)).equals(wanted)) return i;
        }
        return -1;
    }

    private int sectionEnd(int header) {
        for (int i = header + 1; i < lines.size(); i++) {
            if (HEADER.matcher(stripEol(lines.get(i))).matches()) {
                int end = i;
                // Comments and blank lines right before the next header belong to that header.
                while (end - 1 > header && isCommentOrBlank(lines.get(end - 1))) end--;
                return end;
            }
        }
        return lines.size();
    }

    private static boolean isCommentOrBlank(String line) {
        String trimmed = line.strip();
        return trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";");
    }

    private static String normalize(String name) {
        return name.strip().replaceAll("\\s+", " ");
    }

    private static String stripEol(String line) {
        return line.replaceAll("\\r?\\n$", "");
    }
}
