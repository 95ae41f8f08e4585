package lib.trust.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A small reader for the literal part of Terraform HCL: bodies of attributes and blocks, and
 * values that are strings, heredocs, numbers, booleans, tuples, objects and jsonencode(...).
 * Anything that needs evaluation (references, other function calls, operators, for
 * expressions) becomes an opaque "${...}" string holding its source text.
 */
public final class HclParser {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public record Attribute(String name, JsonNode value, int offset) {}

    public record Block(String type, List<String> labels, Body body, int offset) {}

    public record Body(List<Attribute> attributes, List<Block> blocks) {
        public JsonNode attribute(String name) {
            for (Attribute a : attributes) if (a.name().equals(name)) return a.value();
            return null;
        }

        public List<Block> blocks(String type) {
            return blocks.stream().filter(b -> b.type().equals(type)).toList();
        }
    }

    private final String src;
    private int pos;
    private int depth;

    private HclParser(String src) {
        this.src = src;
    }

    public static Body parse(String text) {
        HclParser p = new HclParser(text);
        Body body = p.body(false);
        p.skipSpace(true);
        if (p.pos < p.src.length()) throw p.error("unexpected '" + p.src.charAt(p.pos) + "'");
        return body;
    }

    /** Parses the one block whose header starts at {@code offset} (used when the whole file does not parse). */
    public static Block parseBlockAt(String text, int offset) {
        HclParser p = new HclParser(text);
        p.pos = offset;
        p.skipSpace(true);
        int start = p.pos;
        String type = p.identifier();
        List<String> labels = new ArrayList<>();
        while (true) {
            p.skipSpace(false);
            if (p.peek('"')) labels.add(p.stringLiteral().asText());
            else if (p.peek('{')) break;
            else throw p.error("expected a block header");
        }
        p.pos++;
        return new Block(type, labels, p.body(true), start);
    }

    private Body body(boolean nested) {
        enter();
        try {
            return bodyOf(nested);
        } finally {
            depth--;
        }
    }

    private Body bodyOf(boolean nested) {
        List<Attribute> attrs = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        while (true) {
            skipSpace(true);
            if (pos >= src.length()) {
                if (nested) throw error("missing '}'");
                break;
            }
            if (src.charAt(pos) == '}') {
                if (!nested) throw error("unbalanced '}'");
                pos++;
                break;
            }
            int start = pos;
            String name = identifier();
            if (name == null) throw error("expected an attribute or block name");
            skipSpace(false);
            if (peek('=') && !src.startsWith("==", pos)) {
                pos++;
                attrs.add(new Attribute(name, expression(), start));
                continue;
            }
            List<String> labels = new ArrayList<>();
            while (true) {
                skipSpace(false);
                if (peek('"')) labels.add(stringLiteral().asText());
                else if (peek('{')) break;
                else {
                    String label = identifier();
                    if (label == null) throw error("expected '{' after block " + name);
                    labels.add(label);
                }
            }
            pos++;
            blocks.add(new Block(name, labels, body(true), start));
        }
        return new Body(attrs, blocks);
    }

    private JsonNode expression() {
        enter();
        try {
            return expressionBody();
        } finally {
            depth--;
        }
    }

    /** Bounds recursion: a file nested deeper than {@link Json#MAX_DEPTH} is refused, never a stack overflow. */
    private void enter() {
        if (++depth > Json.MAX_DEPTH) throw error("nested deeper than " + Json.MAX_DEPTH + " levels");
    }

    private JsonNode expressionBody() {
        skipSpace(false);
        int start = pos;
        JsonNode value = primary();
        skipSpace(false);
        boolean assignment = peek('=') && !src.startsWith("==", pos);
        if (pos < src.length() && "?=!<>&|+-*/%".indexOf(src.charAt(pos)) >= 0 && !assignment) {
            skipOpaque();
            return NODES.textNode("${" + src.substring(start, pos).trim() + "}");
        }
        return value;
    }

    private JsonNode primary() {
        skipSpace(false);
        if (pos >= src.length()) throw error("missing value");
        char c = src.charAt(pos);
        if (c == '"') return stringLiteral();
        if (src.startsWith("<<", pos)) return heredoc();
        if (c == '[') return tuple();
        if (c == '{') return object();
        if (c == '(') {
            int start = pos;
            skipBalanced();
            return NODES.textNode("${" + src.substring(start, pos) + "}");
        }
        if (Character.isDigit(c) || c == '-') {
            int start = pos;
            pos++;
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '.')) pos++;
            return NODES.textNode(src.substring(start, pos));
        }
        int start = pos;
        String name = identifier();
        if (name == null) {
            skipOpaque();
            if (pos == start) throw error("unexpected '" + c + "'");
            return NODES.textNode("${" + src.substring(start, pos).trim() + "}");
        }
        if (name.equals("true") || name.equals("false")) return NODES.booleanNode(name.equals("true"));
        if (name.equals("null")) return NODES.nullNode();
        skipSpace(false);
        if (peek('(')) {
            if (name.equals("jsonencode")) {
                pos++;
                JsonNode inner = expression();
                skipSpace(true);
                if (peek(',')) pos++;
                skipSpace(true);
                expect(')');
                return inner;
            }
            skipBalanced();
        }
        while (pos < src.length()) {
            char d = src.charAt(pos);
            if (d == '.' || d == '*' || Character.isLetterOrDigit(d) || d == '_' || d == '-') pos++;
            else if (d == '[') skipBalanced();
            else break;
        }
        return NODES.textNode("${" + src.substring(start, pos) + "}");
    }

    /** A `for` expression in brackets or braces is not evaluated: it stays an opaque reference. */
    private JsonNode forExpressionAt(int start) {
        pos = start + 1;
        skipSpace(true);
        if (!src.startsWith("for ", pos)) return null;
        pos = start;
        skipBalanced();
        return NODES.textNode("${" + src.substring(start, pos) + "}");
    }

    private JsonNode tuple() {
        JsonNode forExpression = forExpressionAt(pos);
        if (forExpression != null) return forExpression;
        ArrayNode out = NODES.arrayNode();
        while (true) {
            skipSpace(true);
            if (peek(']')) { pos++; return out; }
            out.add(expression());
            skipSpace(true);
            if (peek(',')) pos++;
        }
    }

    private JsonNode object() {
        JsonNode forExpression = forExpressionAt(pos);
        if (forExpression != null) return forExpression;
        ObjectNode out = NODES.objectNode();
        while (true) {
            skipSpace(true);
            if (peek('}')) { pos++; return out; }
            String key;
            if (peek('"')) key = stringLiteral().asText();
            else if (peek('(')) {
                int s = pos;
                skipBalanced();
                key = "${" + src.substring(s, pos) + "}";
            } else {
                key = identifier();
                if (key == null) throw error("expected an object key");
            }
            skipSpace(false);
            if (peek('=') || peek(':')) pos++;
            else throw error("expected '=' after key " + key);
            out.set(key, expression());
            skipSpace(false);
            if (peek(',')) pos++;
        }
    }

    private JsonNode stringLiteral() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (pos < src.length()) {
            char c = src.charAt(pos++);
            if (c == '"') return NODES.textNode(out.toString());
            if (c == '\\' && pos < src.length()) {
                char e = src.charAt(pos++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'u' -> out.append(unicodeEscape());
                    default -> out.append(e);
                }
            } else if ((c == '$' || c == '%') && pos < src.length() && src.charAt(pos) == '{') {
                if (pos >= 2 && src.charAt(pos - 2) == c) {
                    out.setLength(out.length() - 1);
                    out.append(c).append('{');
                    pos++;
                    continue;
                }
                int s = pos - 1;
                pos++;
                int depth = 1;
                while (pos < src.length() && depth > 0) {
                    char d = src.charAt(pos++);
                    if (d == '{') depth++;
                    else if (d == '}') depth--;
                }
                out.append(src, s, pos);
            } else {
                out.append(c);
            }
        }
        throw error("unterminated string");
    }

    /** The four hex digits after backslash-u; anything else is a parse error, not a number format crash. */
    private char unicodeEscape() {
        if (pos + 4 > src.length()) throw error("\\u needs four hex digits");
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(src.charAt(pos + i), 16);
            if (digit < 0) throw error("\\u needs four hex digits");
            value = value * 16 + digit;
        }
        pos += 4;
        return (char) value;
    }

    private JsonNode heredoc() {
        pos += 2;
        boolean indent = peek('-');
        if (indent) pos++;
        String marker = identifier();
        if (marker == null) throw error("expected a heredoc marker");
        int eol = src.indexOf('\n', pos);
        if (eol < 0) throw error("unterminated heredoc");
        pos = eol + 1;
        StringBuilder out = new StringBuilder();
        while (pos < src.length()) {
            int end = src.indexOf('\n', pos);
            String line = end < 0 ? src.substring(pos) : src.substring(pos, end);
            pos = end < 0 ? src.length() : end + 1;
            if (line.trim().equals(marker)) return NODES.textNode(out.toString());
            out.append(line).append('\n');
        }
        throw error("unterminated heredoc " + marker);
    }

    private String identifier() {
        int start = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_'
                || (pos > start && src.charAt(pos) == '-'))) pos++;
        return pos == start ? null : src.substring(start, pos);
    }

    /** Skips an expression we do not evaluate, up to the end of the line or the enclosing bracket. */
    private void skipOpaque() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n' || c == ',' || c == ')' || c == ']' || c == '}') return;
            if (c == '(' || c == '[' || c == '{') skipBalanced();
            else if (c == '"') stringLiteral();
            else if (src.startsWith("<<", pos)) heredoc();
            else pos++;
        }
    }

    private void skipBalanced() {
        enter();
        try {
            skipBalancedBody();
        } finally {
            depth--;
        }
    }

    private void skipBalancedBody() {
        char open = src.charAt(pos);
        char close = open == '(' ? ')' : open == '[' ? ']' : '}';
        pos++;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == close) { pos++; return; }
            if (c == '(' || c == '[' || c == '{') skipBalanced();
            else if (c == '"') stringLiteral();
            else if (src.startsWith("<<", pos)) heredoc();
            else if (c == '#' || src.startsWith("//", pos) || src.startsWith("/*", pos)) skipSpace(true);
            else pos++;
        }
        throw error("missing '" + close + "'");
    }

    private void skipSpace(boolean newlines) {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n')) pos++;
            else if (c == '#' || src.startsWith("//", pos)) {
                while (pos < src.length() && src.charAt(pos) != '\n') pos++;
            } else if (src.startsWith("/*", pos)) {
                int end = src.indexOf("*/", pos + 2);
                pos = end < 0 ? src.length() : end + 2;
            } else if (!newlines && c == '\n') {
                return;
            } else return;
        }
    }

    private boolean peek(char c) {
        return pos < src.length() && src.charAt(pos) == c;
    }

    private void expect(char c) {
        skipSpace(true);
        if (!peek(c)) throw error("expected '" + c + "'");
        pos++;
    }

    private PolicyReadException error(String message) {
        int line = 1;
        for (int i = 0; i < pos && i < src.length(); i++) if (src.charAt(i) == '\n') line++;
        return new PolicyReadException("HCL line " + line + ": " + Excerpt.of(message));
    }
}
