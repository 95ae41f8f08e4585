package lib.trust.read;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Best-effort line numbers for statements: the parsers we use do not keep locations in trees, so
 * we take the n-th statement marker ("Effect" key or HCL statement block) of the region, or the
 * statement's Sid when it is found near that marker. Linear in the file: line starts and markers
 * are found once per file, and a region ({@link #from}, {@link #after}) is a view, not a copy.
 */
public final class LineLocator {
    private final String text;
    private final int[] lineStarts;
    private final int[] markers;
    private final int start;
    private final int firstMarker;

    public LineLocator(String text) {
        this.text = text == null ? "" : text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < this.text.length(); i++) if (this.text.charAt(i) == '\n') starts.add(i + 1);
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        this.markers = markers(this.text, lineStarts);
        this.start = 0;
        this.firstMarker = 0;
    }

    private LineLocator(LineLocator whole, int start) {
        this.text = whole.text;
        this.lineStarts = whole.lineStarts;
        this.markers = whole.markers;
        this.start = start;
        int at = Arrays.binarySearch(markers, start);
        this.firstMarker = at >= 0 ? at : -at - 1;
    }

    public static LineLocator none() {
        return new LineLocator("");
    }

    /** Locator for the region of the text starting at character offset {@code from}. */
    public LineLocator from(int from) {
        if (from <= start || from > text.length()) return this;
        return new LineLocator(this, from);
    }

    /** Locator for the text from the next occurrence of {@code needle} in this region on. */
    public LineLocator after(String needle) {
        int at = needle == null || needle.isEmpty() ? -1 : text.indexOf(needle, start);
        return at < 0 ? this : from(at);
    }

    /** Line of the {@code index}-th statement of this region, preferring its Sid near the marker. */
    public int lineOf(String sid, int index) {
        int marker = firstMarker + index;
        if (marker >= markers.length) return lineAt(start);
        if (sid != null && !sid.isBlank()) {
            int from = marker > firstMarker ? markers[marker - 1] : start;
            int to = marker + 1 < markers.length ? markers[marker + 1] : text.length();
            String window = text.substring(from, to);
            int at = window.indexOf("\"" + sid + "\"");
            if (at < 0) at = window.indexOf(sid);
            if (at >= 0) return lineAt(from + at);
        }
        return lineAt(markers[marker]);
    }

    /**
     * Offsets of statement markers, in one pass: an {@code effect} key (JSON, YAML or HCL:
     * {@code "Effect":}, {@code Effect:}, {@code effect =}) and an HCL {@code statement {} block.
     */
    static int[] markers(String text, int[] lineStarts) {
        List<Integer> found = new ArrayList<>();
        int n = text.length();
        for (int start = 0; start < n; start++) {
            char c = text.charAt(start);
            if ((c != 'e' && c != 'E') || !text.regionMatches(true, start, "effect", 0, 6)) continue;
            if (start > 0 && isWord(text.charAt(start - 1))) continue;
            int j = start + 6;
            if (j < n && isWord(text.charAt(j))) continue;
            int marker = start > 0 && text.charAt(start - 1) == '"' ? start - 1 : start;
            if (j < n && text.charAt(j) == '"') j++;
            while (j < n && Character.isWhitespace(text.charAt(j))) j++;
            if (j < n && (text.charAt(j) == ':' || text.charAt(j) == '=')) found.add(marker);
        }
        for (int lineStart : lineStarts) {
            int j = lineStart;
            while (j < n && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) j++;
            if (!text.regionMatches(true, j, "statement", 0, 9)) continue;
            j += 9;
            while (j < n && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) j++;
            if (j < n && text.charAt(j) == '{') found.add(lineStart);
        }
        return found.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private int lineAt(int offset) {
        int at = Arrays.binarySearch(lineStarts, offset);
        return (at >= 0 ? at : -at - 2) + 1;
    }
}
