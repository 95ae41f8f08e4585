package lib.trust.report;

/**
 * Text copied from linted files (values, keys, Sids, file names) before it reaches a terminal or a
 * job log: control characters (ESC, CR, LF, ...), Unicode line separators and bidirectional
 * overrides are written as visible escapes, so a policy cannot forge log lines, colours or
 * reorder what a reviewer reads.
 */
public final class LogText {
    private LogText() {}

    public static String escape(String text) {
        if (text == null) return "";
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> unsafe(c) ? String.format("\\u%04x", (int) c) : null;
            };
            if (replacement != null && out == null) out = new StringBuilder(text.substring(0, i));
            if (out != null) {
                if (replacement != null) out.append(replacement); else out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean unsafe(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069') || c == '\u200e' || c == '\u200f' || c == '\u061c';
    }
}
