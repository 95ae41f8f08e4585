package lib.trust.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * HCL string literals and heredocs for {@link HclParser}: escapes (a broken backslash-u escape is
 * a parse error), template interpolations kept as their source text, heredoc bodies.
 */
final class HclStrings {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private HclStrings() {}

    static JsonNode literal(HclParser p) {
        p.expect('"');
        StringBuilder out = new StringBuilder();
        while (p.pos < p.src.length()) {
            char c = p.src.charAt(p.pos++);
            if (c == '"') return NODES.textNode(out.toString());
            if (c == '\\' && p.pos < p.src.length()) {
                char e = p.src.charAt(p.pos++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'u' -> out.append(unicodeEscape(p));
                    default -> out.append(e);
                }
            } else if ((c == '$' || c == '%') && p.pos < p.src.length() && p.src.charAt(p.pos) == '{') {
                if (p.pos >= 2 && p.src.charAt(p.pos - 2) == c) {
                    out.setLength(out.length() - 1);
                    out.append(c).append('{');
                    p.pos++;
                    continue;
                }
                int s = p.pos - 1;
                p.pos++;
                int depth = 1;
                while (p.pos < p.src.length() && depth > 0) {
                    char d = p.src.charAt(p.pos++);
                    if (d == '{') depth++;
                    else if (d == '}') depth--;
                }
                out.append(p.src, s, p.pos);
            } else {
                out.append(c);
            }
        }
        throw p.error("unterminated string");
    }

    /** The four hex digits after backslash-u; anything else is a parse error, not a number format crash. */
    private static char unicodeEscape(HclParser p) {
        if (p.pos + 4 > p.src.length()) throw p.error("\\u needs four hex digits");
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(p.src.charAt(p.pos + i), 16);
            if (digit < 0) throw p.error("\\u needs four hex digits");
            value = value * 16 + digit;
        }
        p.pos += 4;
        return (char) value;
    }

    static JsonNode heredoc(HclParser p) {
        p.pos += 2;
        boolean indent = p.peek('-');
        if (indent) p.pos++;
        String marker = p.identifier();
        if (marker == null) throw p.error("expected a heredoc marker");
        int eol = p.src.indexOf('\n', p.pos);
        if (eol < 0) throw p.error("unterminated heredoc");
        p.pos = eol + 1;
        StringBuilder out = new StringBuilder();
        while (p.pos < p.src.length()) {
            int end = p.src.indexOf('\n', p.pos);
            String line = end < 0 ? p.src.substring(p.pos) : p.src.substring(p.pos, end);
            p.pos = end < 0 ? p.src.length() : end + 1;
            if (line.trim().equals(marker)) return NODES.textNode(out.toString());
            out.append(line).append('\n');
        }
        throw p.error("unterminated heredoc " + marker);
    }
}
