package lib.trust;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Best-effort line numbers for statements: the parsers we use do not keep locations in trees,
 * so we look for the statement's Sid, else the n-th statement marker in the source text.
 */
public final class LineLocator {
    private static final Pattern MARKER = Pattern.compile(
            "(?i)(\"?\\beffect\\b\"?\\s*[:=])|(^\\s*statement\\s*\\{)", Pattern.MULTILINE);
    private final String text;
    private final List<Integer> markerLines = new ArrayList<>();
    private final int base;

    public LineLocator(String text) {
        this(text, 0);
    }

    private LineLocator(String text, int base) {
        this.text = text == null ? "" : text;
        this.base = base;
        Matcher m = MARKER.matcher(this.text);
        while (m.find()) markerLines.add(lineAt(m.start()));
    }

    public static LineLocator none() {
        return new LineLocator("");
    }

    /** Locator for a region of the text starting at character offset {@code from}. */
    public LineLocator from(int from) {
        if (from <= 0 || from > text.length()) return this;
        String head = text.substring(0, from);
        int lines = (int) head.chars().filter(c -> c == '\n').count();
        return new LineLocator(text.substring(from), base + lines);
    }

    /** Locator for the text from the first occurrence of {@code needle} on. */
    public LineLocator after(String needle) {
        int at = needle == null || needle.isEmpty() ? -1 : text.indexOf(needle);
        return at < 0 ? this : from(at);
    }

    public int lineOf(String sid, int index) {
        if (sid != null && !sid.isBlank()) {
            int at = text.indexOf("\"" + sid + "\"");
            if (at < 0) at = text.indexOf(sid);
            if (at >= 0) return lineAt(at);
        }
        if (index < markerLines.size()) return markerLines.get(index);
        return base + 1;
    }

    private int lineAt(int offset) {
        int line = base + 1;
        for (int i = 0; i < offset && i < text.length(); i++) if (text.charAt(i) == '\n') line++;
        return line;
    }
}
